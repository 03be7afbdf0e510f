package io.icegate.drift;

/**
 * Two-sided p-values of the two-sample Kolmogorov-Smirnov statistic, decided as scipy 1.10's
 * {@code ks_2samp(method='auto')} decides: exact when both samples have at most 10,000 values,
 * otherwise {@code kstwo.sf(d, round(n1 n2 / (n1 + n2)))}, the one-sample distribution at the
 * effective size, which scipy evaluates by Simard and L'Ecuyer's choice among the Durbin matrix
 * (Marsaglia-Tsang-Wang), Pomeranz's recursion, the Pelz-Good expansion and twice Smirnov's
 * one-sided tail. The exact path counts lattice paths (Hodges 1958; the 1 - p recursion of Viehmann
 * 2021), and falls back to the asymptotic one when floating point fails, as scipy does.
 */
final class KolmogorovSmirnov {

  /** scipy's MAX_AUTO_N: 'auto' is exact when both sizes are at most this. */
  static final long MAX_EXACT_N = 10_000;

  /** Above this effective size Smirnov's sum (one term per unit of n) gives way to Pelz-Good. */
  static final long MAX_SMIRNOV_N = 1_000_000;

  private static final double TWO_128 = Math.scalb(1.0, 128);
  private static final double TWO_MINUS_128 = Math.scalb(1.0, -128);
  private static final double MAX_LOG = 7.09782712893383996843e2;
  private static final double PI2 = Math.PI * Math.PI;
  private static final double SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

  private KolmogorovSmirnov() {}

  /** Statistic and p-value as ks_2samp returns them (exact mode rounds d to a multiple of 1/lcm). */
  record Result(double statistic, double pValue) {}

  /** ks_2samp's two-sided p-value for statistic {@code d} of samples of sizes n1 and n2, 'auto'. */
  static Result auto(long n1, long n2, double d) {
    if (Math.max(n1, n2) <= MAX_EXACT_N) {
      Result exact = exact(n1, n2, d);
      if (exact != null) {
        return exact;
      }
    }
    return new Result(d, asymptotic(n1, n2, d));
  }

  /** The asymptotic p-value: kstwo.sf(d, round(n1 n2 / (n1 + n2))). */
  static double asymptotic(long n1, long n2, double d) {
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    return clip(kolmogorovSf(Math.rint(en), d));
  }

  /** The exact p-value, or null where scipy's exact computation would fail. */
  static Result exact(long n1, long n2, double d) {
    long g = gcd(n1, n2);
    long lcm = (n1 / g) * n2;
    long h = Math.round(d * lcm);
    double rounded = (double) h / lcm;
    if (h == 0) {
      return new Result(rounded, 1.0);
    }
    double p = n1 == n2 ? outsideSquare(n1, h) : outsideInside(n1, n2, g, h);
    if (!(p >= 0 && p <= 1)) {
      return null;
    }
    return new Result(rounded, p);
  }

  /** P(D_{n,n} >= h/n) by the alternating sum of binomial ratios, in Horner form. */
  private static double outsideSquare(long n, long h) {
    double p = 0;
    for (long k = n / h; k >= 0; k--) {
      double p1 = 1;
      for (long j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1 - p);
    }
    return 2 * p;
  }

  /**
   * Share of lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| < h / lcm, one
   * column at a time over a sliding window, computing 1 - p directly (Viehmann's recursion).
   */
  private static double outsideInside(long m0, long n0, long g, long h) {
    long m = Math.max(m0, n0);
    long n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    long minj = 0;
    long maxj = Math.min((long) Math.ceil((double) h / mg), n + 1);
    long curlen = maxj - minj;
    int lenA = (int) Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    for (long j = minj; j < maxj; j++) {
      a[(int) j] = 0;
    }
    for (long i = 1; i <= m; i++) {
      long lastminj = minj;
      long lastlen = curlen;
      minj = Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (long jj = 0; jj < maxj - minj; jj++) {
        long j = jj + minj;
        val = (a[(int) (jj + minj - lastminj)] * i + val * j) / (i + j);
        a[(int) jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        for (long k = maxj - minj; k < maxj - minj + (lastlen - curlen) && k < lenA; k++) {
          a[(int) k] = 1;
        }
      }
    }
    return a[(int) (maxj - minj - 1)];
  }

  /** scipy.stats.kstwo.sf(x, n): P(D_n >= x) for the two-sided one-sample statistic. */
  static double kolmogorovSf(double nDouble, double x) {
    if (!(nDouble >= 1)) {
      return Double.NaN;
    }
    if (x >= 1) {
      return 0;
    }
    if (x <= 0) {
      return 1;
    }
    long n = (long) nDouble;
    double t = n * x;
    if (t <= 1) {
      // Ruben-Gambino: P(D_n <= x) = n!/n^n (2t - 1)^n for 1/2n <= x <= 1/n
      if (t <= 0.5) {
        return 1;
      }
      double prob;
      if (n <= 140) {
        prob = 1;
        for (long i = 1; i <= n; i++) {
          prob *= i * (1.0 / n) * (2 * t - 1);
        }
      } else {
        prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1 - prob);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1 - x, n));
    }
    double nxSquared = t * x;
    if (n > MAX_SMIRNOV_N && nxSquared >= 370) {
      return 0; // what scipy returns there too, after summing n terms that all underflow
    }
    if (x >= 0.5) {
      return clip(2 * smirnov(n, x));
    }
    if (n <= 140) {
      if (nxSquared <= 0.754693) {
        return clip(1 - durbin(n, x));
      }
      if (nxSquared <= 4) {
        return clip(1 - pomeranz(n, x));
      }
      return clip(2 * smirnov(n, x));
    }
    if (nxSquared >= 370) {
      return 0;
    }
    if (nxSquared >= 2.2) {
      // scipy sums Smirnov's n terms; past MAX_SMIRNOV_N Pelz-Good agrees to 1e-12 and is O(1)
      return n <= MAX_SMIRNOV_N ? clip(2 * smirnov(n, x)) : clip(1 - pelzGood(n, x));
    }
    double cdf = n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4 ? durbin(n, x) : pelzGood(n, x);
    return clip(1 - cdf);
  }

  /** log(n! / n^n) by Stirling's series with n log n taken out, as scipy computes it. */
  private static double logFactorialOverPower(long n) {
    double[] coefficients = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
        7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    double rn = 1.0 / n;
    double y = rn / n;
    double poly = 0;
    for (double c : coefficients) {
      poly = poly * y + c;
    }
    return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
  }

  /** P(D_n <= d) by Durbin's matrix, H^n evaluated by squaring with separate exponents. */
  private static double durbin(long n, double d) {
    double nd = n * d;
    if (nd <= 0.5) {
      return 0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1 + tt) * fac;
    double[][] hm = new double[m][m];
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r][i] = w[r - i + 1];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[m - 1][c] = v[m - 1 - c];
    }
    double[][] power = identity(m);
    long nn = n;
    int exponent = 0;
    int hExponent = 0;
    while (nn > 0) {
      if (nn % 2 == 1) {
        power = multiply(power, hm);
        exponent += hExponent;
      }
      hm = multiply(hm, hm);
      hExponent *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > TWO_128) {
        for (double[] row : hm) {
          for (int c = 0; c < m; c++) {
            row[c] /= TWO_128;
          }
        }
        hExponent += 128;
      }
      nn /= 2;
    }
    double p = power[k - 1][k - 1];
    for (long i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < TWO_MINUS_128) {
        p *= TWO_128;
        exponent -= 128;
      }
    }
    return clip(Math.scalb(p, exponent));
  }

  private static double[][] identity(int m) {
    double[][] id = new double[m][m];
    for (int i = 0; i < m; i++) {
      id[i][i] = 1;
    }
    return id;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] c = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < m; k++) {
        double aik = a[i][k];
        if (aik == 0) {
          continue;
        }
        for (int j = 0; j < m; j++) {
          c[i][j] += aik * b[k][j];
        }
      }
    }
    return c;
  }

  /** P(D_n <= x) by Pomeranz's recursion: rows convolved with near-Poisson weights. */
  private static double pomeranz(long nLong, double x) {
    int n = (int) nLong;
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1;
    twogpower[0] = 1;
    onem2gpower[0] = 1;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int exponent = 0;
    int[] j = pomeranzBounds(0, n, ll, ceilf, roundf);
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = j[0];
      double[] swap = v0;
      v0 = v1;
      v1 = swap;
      int swapStart = v0s;
      v0s = v1s;
      v1s = swapStart;
      java.util.Arrays.fill(v1, 0);
      j = pomeranzBounds(i, n, ll, ceilf, roundf);
      double[] powers = i == 1 || i == 2 * n + 1 ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
      int ln2 = j[1] - k1 + 1;
      if (ln2 > 0) {
        int from = k1 - v0s;
        int lenA = Math.min(ln2, v0.length - from);
        int lenB = Math.min(ln2, powers.length);
        int convStart = j[0] - k1;
        int convLen = j[1] - j[0] + 1;
        double max = 0;
        for (int c = 0; c < convLen; c++) {
          int index = convStart + c;
          double sum = 0;
          for (int a = Math.max(0, index - lenB + 1); a <= Math.min(index, lenA - 1); a++) {
            sum += v0[from + a] * powers[index - a];
          }
          v1[c] = sum;
          max = Math.max(max, sum);
        }
        if (max > 0 && max < TWO_MINUS_128) {
          for (int c = 0; c < v1.length; c++) {
            v1[c] *= TWO_128;
          }
          exponent -= 128;
        }
        v1s = v0s + j[0] - k1;
      }
    }
    double answer = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(answer) > TWO_128) {
        answer *= TWO_MINUS_128;
        exponent += 128;
      }
      answer *= m;
    }
    return clip(Math.scalb(answer, exponent));
  }

  private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int half = (i + 1) / 2;
      if ((i + 1) % 2 == 0) {
        if (half == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = half - 1 - ll - roundf - 1;
          j2 = half + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = half - 1 - ll - 1;
        j2 = half + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /** The Pelz-Good expansion of P(D_n <= x), for small x sqrt(n). */
  private static double pelzGood(long n, double x) {
    double z = Math.sqrt((double) n) * x;
    double z2 = z * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI2 / 8 / z2;
    if (qlog < -708) {
      return 0;
    }
    double q = Math.exp(qlog);
    double pi4 = PI2 * PI2;
    double pi6 = pi4 * PI2;
    double k1a = -z2;
    double k1b = PI2 / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
    double k2c = pi4 * (1 - 2 * z2) / 16;
    double k3d = pi6 * (5 - 30 * z2) / 64;
    double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    double[] k = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int kk = maxk; kk > 0; kk--) {
      double m = 2 * kk - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qpower = Math.pow(q, 8 * kk);
      double[] coefficients = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
          k3a + k3b * m2 + k3c * m4 + k3d * m6};
      for (int i = 0; i < 4; i++) {
        k[i] = k[i] * qpower + coefficients[i];
      }
    }
    double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k[i] = k[i] * q * SQRT_TWO_PI / divisors[i];
    }
    double q2 = Math.exp(-PI2 / 2 / z2);
    double k2extra = 0;
    double k3extra = 0;
    double sqrt3z = Math.sqrt(3) * z;
    for (int kk = maxk; kk > 0; kk--) {
      double ks2 = (double) kk * kk;
      double qpower = Math.pow(q2, ks2);
      double kspi = Math.PI * kk;
      k2extra += ks2 * qpower;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qpower;
    }
    k[2] += k2extra * PI2 * SQRT_TWO_PI / (-36 * z * z2);
    k[3] += k3extra * PI2 * SQRT_TWO_PI / (216 * z6);
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += k[i] / Math.pow(n, i / 2.0);
    }
    return sum;
  }

  /** Smirnov's one-sided tail P(D_n+ >= d), Birnbaum and Tingey's sum (scipy's smirnov). */
  static double smirnov(long nLong, double d) {
    int n = (int) nLong;
    if (d <= 0) {
      return 1;
    }
    if (d >= 1) {
      return 0;
    }
    if (n == 1) {
      return 1 - d;
    }
    boolean upper = n * d <= 1 || (n >= 10 && n * d <= 3 && d <= 0.5 / Math.sqrt(n));
    int nn = (int) Math.floor(n * (1 - d));
    int terms;
    if (upper) {
      terms = n - nn;
    } else {
      nn = Math.min(nn, n - 1);
      terms = nn + 1;
    }
    double p = 0;
    if (n < 1013) {
      double c = 1;
      double p0 = 0;
      int i = 0;
      if (!upper) {
        p0 = Math.exp(Math.log1p(-d) * n);
        c *= n;
        i++;
      }
      for (; i < terms; i++) {
        int v = upper ? n - i : i;
        double evn = d + (double) v / n;
        double omevn = 1 - evn;
        double aomevn = Math.abs(omevn);
        if (!upper && omevn <= 0) {
          continue;
        }
        double t = omevn <= 0
            ? c * Math.pow(evn, v - 1) * Math.pow(aomevn, n - v)
            : c * Math.pow(evn, v - 1) * Math.exp(Math.log1p(-evn) * (n - v));
        if (Double.isNaN(t) || t == 0) {
          // one power underflowed: take both by halves so the product survives
          double half = Math.pow(evn, (v - 1) / 2.0) * Math.pow(aomevn, (n - v) / 2.0)
              * Math.sqrt(c);
          if (half != 0) {
            t = half * half;
          }
        }
        int sign = upper && omevn < 0 && (n - v) % 2 == 1 ? -1 : 1;
        p += sign * t;
        c *= upper ? (double) v / (n - v + 1) : (double) (n - v) / (v + 1);
      }
      p = p * d + p0;
      if (upper) {
        p = 1 - p;
      }
    } else {
      double logFactorialN = Special.logGamma(n + 1.0);
      for (int i = 0; i < terms; i++) {
        int v = upper ? n - i : i;
        double evn = d + (double) v / n;
        double omevn = 1 - evn;
        if (!upper && omevn <= 0) {
          continue;
        }
        double lt = logFactorialN - Special.logGamma(v + 1.0) - Special.logGamma(n - v + 1.0)
            + (v - 1) * Math.log(evn) + (n - v) * Math.log(Math.abs(omevn));
        int sign = upper && omevn < 0 && (n - v) % 2 == 1 ? -1 : 1;
        if (lt >= -MAX_LOG) {
          p += sign * Math.exp(lt);
        }
      }
      p *= d;
      if (upper) {
        p = 1 - p;
      }
    }
    return clip(p);
  }

  private static double clip(double p) {
    return Math.max(0, Math.min(1, p));
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }
}
