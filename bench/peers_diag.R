# R on the data of bench_diag (written by `bench_diag N P 1 dump FILE`).
#
# usage: Rscript bench/peers_diag.R FILE N P
#
# Times, on the same data as the linreg benchmark, lm + summary + bptest +
# dwtest + Jarque-Bera (tseries) + car::vif + cooks.distance (the set the
# issue quotes for statsmodels), then linreg's default set: adding
# Anderson-Darling (nortest), gqtest, bgtest, Box.test (Ljung-Box),
# resettest, raintest, harvtest, influence.measures, car::outlierTest and
# the condition number (kappa, exact). Prints elapsed seconds.
suppressMessages({
  library(lmtest); library(car); library(nortest); library(tseries)
})
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3])
con <- file(path, "rb")
v <- readBin(con, "double", n * (p + 1), endian = "little")
close(con)
d <- as.data.frame(matrix(v[1:(n * p)], n, p))
d$y <- v[(n * p + 1):(n * (p + 1))]
rm(v)

t_issue <- system.time({
  fit <- lm(y ~ ., data = d)
  s <- summary(fit)
  bp <- bptest(fit)
  dw <- dwtest(fit)
  jb <- jarque.bera.test(residuals(fit))
  vf <- vif(fit)
  cd <- cooks.distance(fit)
})[["elapsed"]]
cat(sprintf("R n=%d p=%d lm+summary+bptest+dwtest+JB+vif+cooks: %.2f s\n", n, p, t_issue))

t_default <- system.time({
  fit <- lm(y ~ ., data = d)
  s <- summary(fit)
  e <- residuals(fit)
  jb <- jarque.bera.test(e)
  ad <- ad.test(e)
  bp <- bptest(fit)
  gq <- gqtest(fit)
  dw <- dwtest(fit)
  bg <- bgtest(fit)
  lb <- Box.test(e, lag = 10, type = "Ljung-Box")
  rs <- resettest(fit, power = 2:3, type = "fitted")
  rb <- raintest(fit)
  hc <- harvtest(fit)
  vf <- vif(fit)
  X <- model.matrix(fit)
  cn <- kappa(sweep(X, 2, sqrt(colSums(X^2)), "/"), exact = TRUE)
  im <- influence.measures(fit)
  ot <- outlierTest(fit)
})[["elapsed"]]
cat(sprintf("R n=%d p=%d linreg's default set (omnibus aside): %.2f s\n", n, p, t_default))
