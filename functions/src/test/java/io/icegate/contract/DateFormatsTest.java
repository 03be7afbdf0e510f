package io.icegate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateFormatsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "yyyy-MM-dd                      | %Y-%m-%d",
      "yyyy-MM-ddTHH:mm:ssZ            | %Y-%m-%dT%H:%M:%S%z",
      "yyyy-MM-dd'T'HH:mm:ss.SSSXXX    | %Y-%m-%dT%H:%M:%S.%g%z",
      "dd/MM/yy HH:mm:ss.SSSSSS        | %d/%m/%y %H:%M:%S.%f",
      "d.M.yyyy h:mm a                 | %-d.%-m.%Y %-I:%M %p",
      "EEE, dd MMM yyyy                | %a, %d %b %Y",
      "EEEE d MMMM uuuu                | %A %-d %B %Y",
      "yyyy-DDD                        | %Y-%j",
      "HH 'o''clock'                   | %H o'clock",
      "%d/%m/%Y                        | %d/%m/%Y"})
  void translatesJdkPatternsToStrftime(String jdk, String strftime) {
    assertThat(DateFormats.toStrftime(jdk)).isEqualTo(strftime);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yyyy-ww", "yyyy-MM-dd G", "HH:mm:ss.SS", "yyyy-MM-dd 'T"})
  void refusesWhatStrftimeCannotSay(String jdk) {
    assertThatThrownBy(() -> DateFormats.toStrftime(jdk)).isInstanceOf(IllegalArgumentException.class);
  }
}
