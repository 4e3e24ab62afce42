# Reference values for the Python binding's tests (python/tests/test_reference.py):
# R's lm() on some of the shared datasets and on the Windsor house prices.
# Run from the repository root:  Rscript tests/reference/python_fixture.R
# Writes tests/fixtures/python/<case>_{coef,fit,vcov,rows,pred}.csv with
# 17 significant digits ("NA" where R reports NA, e.g. aliased coefficients).
#   coef: name, estimate, std_error, t_value, p_value, ci_low, ci_high (95%),
#         ci90_low, ci90_high (90%)
#   fit:  stat, value (names as lr_stat_name)
#   vcov: the covariance matrix, one row per coefficient (complete = TRUE)
#   rows: fitted, resid (one per data row)
#   pred: predict() on the first 5 data rows: fit, se_fit, conf_low,
#         conf_high (confidence, 95%), pred_low, pred_high (prediction, 90%)
out <- "tests/fixtures/python"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
f17 <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
wcsv <- function(df, file) {
  df[] <- lapply(df, function(v) if (is.numeric(v)) f17(v) else v)
  write.csv(df, file.path(out, file), row.names = FALSE, quote = FALSE)
}

write_case <- function(case, fit, newdata) {
  s <- summary(fit)
  cf <- coef(fit)                      # NA for aliased coefficients
  tab <- matrix(NA_real_, length(cf), 4, dimnames = list(names(cf), NULL))
  tab[rownames(s$coefficients), ] <- s$coefficients
  ci95 <- confint(fit, level = 0.95)
  ci90 <- confint(fit, level = 0.90)
  wcsv(data.frame(name = names(cf), estimate = tab[, 1], std_error = tab[, 2],
                  t_value = tab[, 3], p_value = tab[, 4],
                  ci_low = ci95[, 1], ci_high = ci95[, 2],
                  ci90_low = ci90[, 1], ci90_high = ci90[, 2]),
       paste0(case, "_coef.csv"))
  fs <- s$fstatistic
  ll <- logLik(fit)
  stats <- c(n = nobs(fit), rank = fit$rank, df_model = fit$rank - attr(terms(fit), "intercept"),
             df_resid = fit$df.residual, sigma = s$sigma, r_squared = s$r.squared,
             adj_r_squared = s$adj.r.squared, f_statistic = unname(fs["value"]),
             f_p_value = unname(pf(fs["value"], fs["numdf"], fs["dendf"], lower.tail = FALSE)),
             log_likelihood = as.numeric(ll), aic = AIC(fit), bic = BIC(fit))
  wcsv(data.frame(stat = names(stats), value = unname(stats)), paste0(case, "_fit.csv"))
  v <- vcov(fit, complete = TRUE)
  wcsv(as.data.frame(v), paste0(case, "_vcov.csv"))
  wcsv(data.frame(fitted = unname(fitted(fit)), resid = unname(residuals(fit))),
       paste0(case, "_rows.csv"))
  pc <- suppressWarnings(predict(fit, newdata, interval = "confidence", level = 0.95, se.fit = TRUE))
  pp <- suppressWarnings(predict(fit, newdata, interval = "prediction", level = 0.90))
  wcsv(data.frame(fit = unname(pc$fit[, "fit"]), se_fit = unname(pc$se.fit),
                  conf_low = unname(pc$fit[, "lwr"]), conf_high = unname(pc$fit[, "upr"]),
                  pred_low = unname(pp[, "lwr"]), pred_high = unname(pp[, "upr"])),
       paste0(case, "_pred.csv"))
}

d <- read.csv("tests/fixtures/data/clean.csv")
write_case("clean", lm(y ~ x1 + x2 + x3, data = d), d[1:5, ])

# The same data with an exactly collinear column x12 = x1 + x2 (aliased).
d$x12 <- d$x1 + d$x2
write_case("aliased", lm(y ~ x1 + x2 + x12 + x3, data = d), d[1:5, ])

d <- read.csv("tests/fixtures/data/weighted.csv")
write_case("weighted", lm(y ~ x1 + x2, data = d, weights = w), d[1:5, ])

d <- read.csv("tests/fixtures/data/noint.csv")
write_case("noint", lm(y ~ x1 + x2 - 1, data = d), d[1:5, ])

# Windsor house prices: yes/no columns are factors with reference level "no"
# (R names the dummies drivewayyes, ...); the test codes them 1/0.
d <- read.csv("examples/data/house_prices_windsor.csv")
write_case("windsor", lm(price ~ ., data = d), d[1:5, ])
