# Reference values for the normality, homoscedasticity and independence
# diagnostics (src/diag/normality.c, homoscedasticity.c, independence.c).
# Run from the repository root:  Rscript tests/reference/diag_normality_etc.R
# Reads the shared datasets back (tests/fixtures/data/*.csv, manifest.csv),
# fits each with lm() (weights and intercept as the manifest says) and writes
#   tests/fixtures/diag/r_tests.csv  dataset,test,statistic,df1,df2,p_value,n
#   tests/fixtures/diag/r_qq.csv     dataset,theoretical,sample
# with 17 significant digits ("NA" where a value does not exist).
#
# Which residuals and which design each test sees (docs/diagnostics.md):
#  - normality tests and Ljung-Box: weighted.residuals(fit), i.e. sqrt(w) * e
#    with zero-weight rows dropped (the plain residuals when unweighted);
#  - bptest: the lm itself (lmtest handles the weights);
#  - gqtest, dwtest, bgtest: the whitened model lm(sqrt(w) y ~ 0 + sqrt(w) X)
#    over the rows with w > 0. For an unweighted fit this is the same model
#    as fit (same residuals and design); for a weighted fit dwtest refuses the
#    lm and gqtest/bgtest would silently refit it unweighted, so linreg tests
#    the whitened model, whose errors are homoscedastic under the model.
#  - dwtest(exact = TRUE) evaluates Pan's series with 15 terms, which is
#    not converged when many eigenvalues lie on both sides of DW (nonlinear:
#    0.274 where the exact value is 0.639; hetero: off by 8.5e-7; skewed:
#    garbage, so dwtest falls back to the approximation), and the series
#    loses ~1e-8 to the rounding of the eigenvalues. The exact reference
#    ("dw_exact_*", and "dw_auto_*" for n < 100) is therefore computed here
#    independently: the eigenvalues of M A M (symmetric), Imhof's integral
#    with integrate() for both tails, and where a tail is below 1e-6 lmtest's
#    own Pan Fortran routine on that tail with the terms doubled from 15
#    until they agree to 1e-9. dwtest's own exact values are kept as
#    "dw_lmtest_exact_*" for the record. dwtest(exact = FALSE) is matched as is.
#  - Box.test computes its p-value as 1 - pchisq(), which cancels to 0 below
#    ~1e-16; the fixture holds the upper tail pchisq(lower.tail = FALSE) and
#    the script checks it agrees with Box.test's value to 1e-15 absolute.
suppressPackageStartupMessages({
  library(lmtest)
  library(nortest)
})
data_dir <- "tests/fixtures/data"
out_dir <- "tests/fixtures/diag"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
f17 <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))

manifest <- read.csv(file.path(data_dir, "manifest.csv"), stringsAsFactors = FALSE,
                     na.strings = character())
rows <- list()
qq_rows <- list()
add <- function(dataset, test, statistic, df = c(NA, NA), p, n) {
  df <- c(df, NA, NA)[1:2]
  rows[[length(rows) + 1]] <<- data.frame(dataset = dataset, test = test,
    statistic = f17(unname(statistic)), df1 = f17(unname(df[1])), df2 = f17(unname(df[2])),
    p_value = f17(unname(p)), n = n, stringsAsFactors = FALSE)
}
imhof_lower <- function(x, lam) {
  l <- lam - x
  f <- function(u) {
    th <- 0.5 * colSums(atan(outer(l, u)))
    rh <- exp(colSums(0.25 * log1p(outer(l^2, u^2))))
    ifelse(u == 0, 0.5 * sum(l), sin(th) / (u * rh))
  }
  0.5 - integrate(f, 0, Inf, subdivisions = 10000L, rel.tol = 1e-13, abs.tol = 1e-16)$value / pi
}
pan_f <- function(a, x, terms) .Fortran("pan", as.double(c(x, a)), as.integer(length(a)),
  as.double(0), as.integer(terms), x = double(1), PACKAGE = "lmtest")$x
dw_eigen <- function(fit_t) {
  X <- model.matrix(fit_t); n <- nrow(X); k <- qr(X)$rank
  M <- diag(n) - tcrossprod(qr.Q(qr(X)))
  A <- diag(c(1, rep(2, n - 2), 1)); A[abs(row(A) - col(A)) == 1] <- -1
  ev <- eigen(M %*% A %*% M, symmetric = TRUE)$values[1:(n - k)]
  ev[ev > 1e-10]
}
dw_exact_ref <- function(fit_t) {
  res <- residuals(fit_t); dw <- sum(diff(res)^2) / sum(res^2)
  ev <- dw_eigen(fit_t)
  lower <- imhof_lower(dw, ev)
  if (lower >= 1e-6 && lower <= 1 - 1e-6) {
    upper <- 1 - lower
  } else {
    up <- lower > 0.5
    a <- if (up) -ev else ev; x <- if (up) -dw else dw
    tail_i <- if (up) 1 - lower else lower
    prev <- NA; ok <- FALSE; terms <- 15
    while (!ok && terms <= 240) {
      cur <- pan_f(a, x, terms)
      ok <- !is.na(prev) && cur >= 0 && cur <= 1 && abs(cur - prev) <= 1e-9 * cur &&
        abs(cur - tail_i) <= 1e-10
      prev <- cur; terms <- terms * 2
    }
    if (!ok) return(c(dw, NA, NA, NA))
    lower <- if (up) 1 - cur else cur
    upper <- if (up) cur else 1 - cur
  }
  c(dw, lower, upper, 2 * min(lower, upper))
}
add_htest <- function(dataset, test, h, n) add(dataset, test, h$statistic,
  if (is.null(h$parameter)) c(NA, NA) else h$parameter, h$p.value, n)

for (i in seq_len(nrow(manifest))) {
  mf <- manifest[i, ]
  d <- read.csv(file.path(data_dir, paste0(mf$name, ".csv")))
  preds <- strsplit(mf$predictors, "+", fixed = TRUE)[[1]]
  form <- as.formula(paste(mf$response, "~", paste(preds, collapse = " + "),
                           if (mf$intercept == 0) "- 1" else ""))
  w <- if (nzchar(mf$weights)) d[[mf$weights]] else rep(1, nrow(d))
  fit <- if (nzchar(mf$weights)) lm(form, data = d, weights = w) else lm(form, data = d)
  keep <- w > 0
  sw <- sqrt(w)
  Xs <- (sw * model.matrix(fit))[keep, , drop = FALSE]
  ys <- (sw * d[[mf$response]])[keep]
  fit_t <- lm(ys ~ 0 + Xs)
  r <- weighted.residuals(fit)
  n <- length(r)
  stopifnot(isTRUE(all.equal(unname(residuals(fit_t)), unname(r), tolerance = 1e-12)))
  ds <- mf$name

  # normality
  add_htest(ds, "shapiro_wilk", shapiro.test(r), n)
  add_htest(ds, "anderson_darling", ad.test(r), n)

  # homoscedasticity
  add_htest(ds, "bp_studentized", bptest(fit), n)
  add_htest(ds, "bp_original", bptest(fit, studentize = FALSE), n)
  add_htest(ds, "gq_default", gqtest(fit_t), n)
  x1 <- d$x1[keep]
  add_htest(ds, "gq_x1_0.2_greater", gqtest(fit_t, order.by = x1, fraction = 0.2), n)
  add_htest(ds, "gq_x1_0.2_two.sided",
            gqtest(fit_t, order.by = x1, fraction = 0.2, alternative = "two.sided"), n)
  add_htest(ds, "gq_x1_0.2_less",
            gqtest(fit_t, order.by = x1, fraction = 0.2, alternative = "less"), n)
  add_htest(ds, "gq_x1_point0.4_frac4",
            gqtest(fit_t, order.by = x1, point = 0.4, fraction = 4), n)

  # independence (row order)
  ex <- dw_exact_ref(fit_t)
  alts <- c("greater", "less", "two.sided")
  for (a in 1:3) {
    alt <- alts[a]
    normal <- dwtest(fit_t, alternative = alt, exact = FALSE)
    exact <- list(statistic = ex[1], parameter = NULL, p.value = ex[1 + a])
    add_htest(ds, paste0("dw_exact_", alt), exact, n)
    add_htest(ds, paste0("dw_normal_", alt), normal, n)
    add_htest(ds, paste0("dw_auto_", alt), if (n < 100) exact else normal, n)
    add_htest(ds, paste0("dw_lmtest_exact_", alt),
              suppressWarnings(dwtest(fit_t, alternative = alt, exact = TRUE)), n)
  }
  if (ds %in% c("outliers", "hetero", "autocorr")) {
    # the kernel alone: lmtest's Pan routine on fixed eigenvalues
    ev <- dw_eigen(fit_t)
    writeLines(f17(ev), file.path(out_dir, paste0("pan_", ds, "_eigen.txt")))
    for (terms in c(15, 30))
      add(ds, paste0("pan_kernel_", terms), ex[1], c(NA, NA), pan_f(ev, ex[1], terms), n)
  }
  add_htest(ds, "bg_1_chisq", bgtest(fit_t), n)
  add_htest(ds, "bg_1_F", bgtest(fit_t, type = "F"), n)
  add_htest(ds, "bg_2_chisq", bgtest(fit_t, order = 2), n)
  add_htest(ds, "bg_2_F", bgtest(fit_t, order = 2, type = "F"), n)
  add_htest(ds, "bg_3_chisq_fill0.5", bgtest(fit_t, order = 3, fill = 0.5), n)
  lb <- function(test, lag, fitdf = 0) {
    h <- Box.test(r, lag = lag, type = "Ljung-Box", fitdf = fitdf)
    p <- pchisq(h$statistic, lag - fitdf, lower.tail = FALSE)
    stopifnot(abs(p - h$p.value) < 1e-15)
    add(ds, test, h$statistic, c(lag - fitdf, NA), p, n)
  }
  lb("lb_default", min(10, floor(n / 5)))
  lb("lb_5", 5)
  lb("lb_5_fitdf2", 5, 2)

  # Q-Q data: plot.lm(which = 2) plots qqnorm(rstandard(fit)) over w > 0
  rs <- rstandard(fit)[keep]
  q <- qqnorm(rs, plot.it = FALSE)
  o <- order(q$y)
  qq_rows[[length(qq_rows) + 1]] <- data.frame(dataset = ds, theoretical = f17(q$x[o]),
                                               sample = f17(q$y[o]), stringsAsFactors = FALSE)
}
# Zero weights: the "weighted" dataset with rows 5, 17 and 40 given weight
# 0. Tests on the weighted residuals drop those rows (checked in C against
# the fit without them); bptest keeps them in its sum of squares, so it
# gets its own reference here.
d <- read.csv(file.path(data_dir, "weighted.csv"))
d$w[c(5, 17, 40)] <- 0
fit0 <- lm(y ~ x1 + x2, data = d, weights = w)
add_htest("weighted_w0", "bp_studentized", bptest(fit0), sum(d$w > 0))
add_htest("weighted_w0", "bp_original", bptest(fit0, studentize = FALSE), sum(d$w > 0))

res <- do.call(rbind, rows)
write.csv(res, file.path(out_dir, "r_tests.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, qq_rows), file.path(out_dir, "r_qq.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(res), "test rows to", out_dir, "\n")
