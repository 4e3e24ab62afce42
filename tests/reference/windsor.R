# Reference fits of the Windsor house prices (Anglin & Gencay 1996; R
# package AER, HousePrices) for tests/test_formula.c and the CLI tests:
# lm(price ~ .) and lm(log(price) ~ .) with the yes/no columns as factors
# (treatment coding, "no" the reference), and the prediction of one new
# house with confidence and prediction intervals.
# Run from the repository root:  Rscript tests/reference/windsor.R
# Reads examples/data/house_prices_windsor.csv and examples/data/new_house.csv;
# writes tests/fixtures/windsor/{price,log_price}_{coef,stats,predict}.csv
# with 17 significant digits.
out <- "tests/fixtures/windsor"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
f17 <- function(v) trimws(formatC(v, digits = 17, format = "g"))
d <- read.csv("examples/data/house_prices_windsor.csv", stringsAsFactors = TRUE)
# the bundled CSV is AER's HousePrices, value for value
if (suppressWarnings(requireNamespace("AER", quietly = TRUE))) {
  data("HousePrices", package = "AER", envir = environment())
  stopifnot(isTRUE(all.equal(d, HousePrices, check.attributes = FALSE)))
}
new <- read.csv("examples/data/new_house.csv", stringsAsFactors = FALSE)
for (col in names(new)) if (is.factor(d[[col]])) new[[col]] <- factor(new[[col]], levels = levels(d[[col]]))
for (m in list(list("price", price ~ .), list("log_price", log(price) ~ .))) {
  fit <- lm(m[[2]], data = d)
  s <- summary(fit)
  ci <- confint(fit, level = 0.95)
  cf <- s$coefficients
  write.csv(data.frame(name = rownames(cf), estimate = f17(cf[, 1]), std_error = f17(cf[, 2]),
                       t_value = f17(cf[, 3]), p_value = f17(cf[, 4]),
                       ci_low = f17(ci[, 1]), ci_high = f17(ci[, 2])),
            file.path(out, paste0(m[[1]], "_coef.csv")), row.names = FALSE)
  fs <- s$fstatistic
  ll <- logLik(fit)
  stats <- c(n = nobs(fit), sigma = s$sigma, r_squared = s$r.squared,
             adj_r_squared = s$adj.r.squared, f_statistic = unname(fs[1]),
             df_model = unname(fs[2]), df_resid = unname(fs[3]),
             f_p_value = unname(pf(fs[1], fs[2], fs[3], lower.tail = FALSE)),
             log_likelihood = as.numeric(ll), aic = AIC(fit), bic = BIC(fit))
  write.csv(data.frame(key = names(stats), value = f17(stats)),
            file.path(out, paste0(m[[1]], "_stats.csv")), row.names = FALSE)
  pc <- predict(fit, newdata = new, interval = "confidence", level = 0.95, se.fit = TRUE)
  pp <- predict(fit, newdata = new, interval = "prediction", level = 0.90)
  write.csv(data.frame(fit = f17(pc$fit[, 1]), se_fit = f17(pc$se.fit),
                       conf_lwr = f17(pc$fit[, 2]), conf_upr = f17(pc$fit[, 3]),
                       pred90_lwr = f17(pp[, 2]), pred90_upr = f17(pp[, 3])),
            file.path(out, paste0(m[[1]], "_predict.csv")), row.names = FALSE)
}
