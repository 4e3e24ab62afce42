# Reference values of the core fit from R's lm, summary.lm, logLik, AIC,
# BIC and predict.lm, for the shared datasets and for edge cases
# (aliased columns, constant response, zero weights).
# Run from the repository root:  Rscript tests/reference/core_lm.R
# Writes tests/fixtures/core/<case>_coef.csv, <case>_fit.csv, <case>_pred.csv
# and the edge-case inputs tests/fixtures/core/<case>_data.csv.
out <- "tests/fixtures/core"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
f17 <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
wcsv <- function(df, file) {
  df[] <- lapply(df, function(v) if (is.numeric(v)) f17(v) else v)
  write.csv(df, file.path(out, file), row.names = FALSE, quote = FALSE)
}

# x: data frame of predictors (order = column order given to linreg)
emit <- function(case, d, xs, intercept = TRUE, weights = NULL, newx = NULL) {
  rhs <- if (length(xs)) paste(xs, collapse = " + ") else "1"
  fml <- as.formula(paste("y ~", rhs, if (!intercept) "- 1" else ""))
  fit <- if (is.null(weights)) lm(fml, data = d) else lm(fml, data = d, weights = d[[weights]])
  s <- summary(fit)
  est <- coef(fit)
  nm <- names(est)
  tab <- matrix(NA_real_, length(est), 4, dimnames = list(nm, NULL))
  tab[rownames(s$coefficients), ] <- s$coefficients
  ci95 <- suppressWarnings(confint(fit, level = 0.95))
  ci90 <- suppressWarnings(confint(fit, level = 0.90))
  wcsv(data.frame(name = nm, estimate = est, std_error = tab[, 2], t_value = tab[, 3],
                  p_value = tab[, 4], ci95_low = ci95[, 1], ci95_high = ci95[, 2],
                  ci90_low = ci90[, 1], ci90_high = ci90[, 2]), paste0(case, "_coef.csv"))
  fs <- if (is.null(s$fstatistic)) c(NA, NA, NA) else s$fstatistic
  fp <- if (is.null(s$fstatistic)) NA else pf(fs[1], fs[2], fs[3], lower.tail = FALSE)
  n_used <- if (is.null(weights)) nrow(d) else sum(d[[weights]] != 0)
  ll <- logLik(fit)
  st <- c(n = n_used, rank = fit$rank, df_resid = fit$df.residual, sigma = s$sigma,
          r_squared = s$r.squared, adj_r_squared = s$adj.r.squared,
          f_statistic = unname(fs[1]), f_p_value = unname(fp),
          log_likelihood = as.numeric(ll), aic = AIC(fit), bic = BIC(fit),
          rss = sum(if (is.null(weights)) resid(fit)^2 else d[[weights]] * resid(fit)^2))
  wcsv(data.frame(stat = names(st), value = unname(st)), paste0(case, "_fit.csv"))
  v <- vcov(fit, complete = TRUE)
  wcsv(as.data.frame(v), paste0(case, "_vcov.csv"))
  wcsv(data.frame(fitted = fitted(fit), resid = resid(fit)), paste0(case, "_resid.csv"))
  if (!is.null(newx)) {
    pc95 <- suppressWarnings(predict(fit, newx, interval = "confidence", level = 0.95, se.fit = TRUE))
    pp95 <- suppressWarnings(predict(fit, newx, interval = "prediction", level = 0.95))
    pc80 <- suppressWarnings(predict(fit, newx, interval = "confidence", level = 0.80))
    pp80 <- suppressWarnings(predict(fit, newx, interval = "prediction", level = 0.80))
    wcsv(cbind(newx[xs], data.frame(fit = pc95$fit[, 1], se_fit = pc95$se.fit,
               conf95_low = pc95$fit[, 2], conf95_high = pc95$fit[, 3],
               pred95_low = pp95[, 2], pred95_high = pp95[, 3],
               conf80_low = pc80[, 2], conf80_high = pc80[, 3],
               pred80_low = pp80[, 2], pred80_high = pp80[, 3])), paste0(case, "_pred.csv"))
  }
}

man <- read.csv("tests/fixtures/data/manifest.csv", stringsAsFactors = FALSE)
for (i in seq_len(nrow(man))) {
  m <- man[i, ]
  d <- read.csv(file.path("tests/fixtures/data", paste0(m$name, ".csv")))
  xs <- strsplit(m$predictors, "+", fixed = TRUE)[[1]]
  set.seed(i)
  newx <- as.data.frame(lapply(d[xs], function(v) c(mean(v), min(v), max(v) + sd(v))))
  emit(m$name, d, xs, intercept = m$intercept == 1,
       weights = if (is.na(m$weights) || m$weights == "") NULL else m$weights, newx = newx)
}

# Edge cases, with their inputs written next to the results.
set.seed(7)
n <- 30
base <- data.frame(x1 = rnorm(n), x2 = rnorm(n))
# duplicate column and exact linear combination: R aliases the later columns
d <- base; d$x3 <- d$x1; d$x4 <- d$x1 + d$x2; d$y <- 1 + d$x1 - d$x2 + rnorm(n)
wcsv(d[c("y", "x1", "x2", "x3", "x4")], "aliased_data.csv")
emit("aliased", d, c("x1", "x2", "x3", "x4"), newx = data.frame(x1 = c(0.5, -1), x2 = c(1, 2), x3 = c(0.5, -1), x4 = c(1.5, 1)))
# zero-variance column with an intercept: aliased with the intercept
d <- base; d$x3 <- 5; d$y <- 2 + d$x1 + rnorm(n)
wcsv(d[c("y", "x1", "x2", "x3")], "constcol_data.csv")
emit("constcol", d, c("x1", "x2", "x3"))
# constant response: zero residuals, R-squared and F undefined (NaN)
d <- base; d$y <- 3
wcsv(d[c("y", "x1", "x2")], "consty_data.csv")
emit("consty", d, c("x1", "x2"))
# weights with zeros: those rows do not count in n or the df
d <- base; d$w <- runif(n, 0.2, 2); d$w[c(3, 11, 20)] <- 0; d$y <- 1 + 2 * d$x1 + rnorm(n)
wcsv(d[c("y", "x1", "x2", "w")], "zeroweights_data.csv")
emit("zeroweights", d, c("x1", "x2"), weights = "w", newx = data.frame(x1 = c(0, 1), x2 = c(0, -1)))
# intercept only
d <- base; d$y <- 4 + rnorm(n)
wcsv(d[c("y", "x1", "x2")], "interceptonly_data.csv")
emit("interceptonly", d, character(0))
# large offset (Longley-like conditioning): x with mean 1e6 and sd 1
d <- data.frame(x1 = 1e6 + rnorm(n), x2 = rnorm(n)); d$y <- 3 + 0.5 * d$x1 + d$x2 + rnorm(n)
wcsv(d[c("y", "x1", "x2")], "offset_data.csv")
emit("offset", d, c("x1", "x2"), newx = data.frame(x1 = c(1e6, 1e6 + 2), x2 = c(0, 1)))
cat("core fixtures written to", out, "\n")
