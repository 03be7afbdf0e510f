package io.icegate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One wrong field or parameter, an item of a problem's {@code errors} member.
 *
 * @param pointer JSON Pointer (RFC 6901) to the body field, e.g. {@code /params/lr}; null for a parameter
 * @param parameter name of the path or query parameter; null for a body field
 * @param detail what is wrong with it
 * @param line line of the value in the body, when known
 * @param column column of the value in the body, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String pointer, String parameter, String detail, Integer line, Integer column) {

  /** A problem with the body field at {@code pointer}. */
  public static FieldProblem field(String pointer, String detail) {
    return new FieldProblem(pointer, null, detail, null, null);
  }

  /** A problem with a path or query parameter. */
  public static FieldProblem parameter(String name, String detail) {
    return new FieldProblem(null, name, detail, null, null);
  }

  /** Where it is, for a one-line summary: the pointer or {@code parameter 'x'}. */
  public String where() {
    return pointer != null ? (pointer.isEmpty() ? "body" : pointer) : "parameter '" + parameter + "'";
  }
}
