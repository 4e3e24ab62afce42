# Generates the reference datasets shared by the diagnostics, remedies and
# report tests: each built to satisfy or to violate one assumption.
# Run from the repository root:  Rscript tests/reference/make_datasets.R
# Writes tests/fixtures/data/<name>.csv and tests/fixtures/data/manifest.csv
# Values are written with 17 significant digits; reference scripts must read
# these CSV files back (read.csv) so R and linreg see the same doubles.
# (name, response, predictors separated by '+', intercept 0/1, weights column or "").
set.seed(20261126)
out <- "tests/fixtures/data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
w17 <- function(df, name) {
  df[] <- lapply(df, function(v) trimws(formatC(v, digits = 17, format = "g")))
  write.csv(df, file.path(out, paste0(name, ".csv")),
            row.names = FALSE, quote = FALSE)
}
manifest <- data.frame(name = character(), response = character(), predictors = character(),
                       intercept = integer(), weights = character(), stringsAsFactors = FALSE)
add <- function(name, df, x, intercept = 1L, weights = "") {
  w17(df, name)
  manifest[nrow(manifest) + 1, ] <<- list(name, "y", paste(x, collapse = "+"), intercept, weights)
}

# 1. well-behaved: every assumption holds
n <- 60
d <- data.frame(x1 = rnorm(n), x2 = rnorm(n), x3 = runif(n, 0, 5))
d$y <- 1 + 2 * d$x1 - d$x2 + 0.5 * d$x3 + rnorm(n)
add("clean", d[c("y", "x1", "x2", "x3")], c("x1", "x2", "x3"))

# 2. heteroscedastic: error sd grows with x1 (the house-size story)
n <- 80
d <- data.frame(x1 = runif(n, 1, 10), x2 = rnorm(n))
d$y <- 3 + 2 * d$x1 + d$x2 + rnorm(n, sd = 0.6 * d$x1)
add("hetero", d[c("y", "x1", "x2")], c("x1", "x2"))

# 3. autocorrelated errors: AR(1) with rho = 0.7 along the row order
n <- 100
e <- as.numeric(arima.sim(list(ar = 0.7), n))
d <- data.frame(x1 = seq_len(n) / 10 + rnorm(n, sd = 0.5), x2 = rnorm(n))
d$y <- 2 + 0.8 * d$x1 - 0.5 * d$x2 + e
add("autocorr", d[c("y", "x1", "x2")], c("x1", "x2"))

# 4. collinear: x2 is x1 plus a little noise
n <- 50
d <- data.frame(x1 = rnorm(n), x3 = rnorm(n))
d$x2 <- d$x1 + rnorm(n, sd = 0.05)
d$y <- 1 + d$x1 + d$x2 + d$x3 + rnorm(n)
add("collinear", d[c("y", "x1", "x2", "x3")], c("x1", "x2", "x3"))

# 5. outliers: two gross outliers in y and one high-leverage point
n <- 40
d <- data.frame(x1 = rnorm(n), x2 = rnorm(n))
d$y <- 1 + 2 * d$x1 + d$x2 + rnorm(n, sd = 0.5)
d$y[c(7, 23)] <- d$y[c(7, 23)] + c(6, -5)
d$x1[31] <- 6; d$y[31] <- 1 + 2 * 6 - 4
add("outliers", d[c("y", "x1", "x2")], c("x1", "x2"))

# 6. no intercept: the model goes through the origin
n <- 50
d <- data.frame(x1 = runif(n, 1, 5), x2 = rnorm(n, 3))
d$y <- 2 * d$x1 + 3 * d$x2 + rnorm(n)
add("noint", d[c("y", "x1", "x2")], c("x1", "x2"), intercept = 0L)

# 7. weighted: error variance 1 / w
n <- 60
d <- data.frame(x1 = rnorm(n), x2 = runif(n), w = runif(n, 0.5, 3))
d$y <- 0.5 + 1.5 * d$x1 - 2 * d$x2 + rnorm(n, sd = 1 / sqrt(d$w))
add("weighted", d[c("y", "x1", "x2", "w")], c("x1", "x2"), weights = "w")

# 8. nonlinear: a quadratic fitted by a straight line (linearity fails)
n <- 80
d <- data.frame(x1 = runif(n, -2, 3), x2 = rnorm(n))
d$y <- 1 + d$x1 + 0.6 * d$x1^2 + 0.5 * d$x2 + rnorm(n, sd = 0.5)
add("nonlinear", d[c("y", "x1", "x2")], c("x1", "x2"))

# 9. clustered: 30 patients x 4 visits, a patient effect in the error
#    (independence fails within patient); g = patient, h = visit
g <- rep(1:30, each = 4); h <- rep(1:4, times = 30)
u <- rnorm(30, sd = 1.5)[g]
d <- data.frame(g = g, h = h, x1 = rnorm(120) + 0.5 * rnorm(30)[g], x2 = rnorm(120))
d$y <- 10 + 1.2 * d$x1 - 0.7 * d$x2 + u + rnorm(120, sd = 0.7)
add("clustered", d[c("y", "x1", "x2", "g", "h")], c("x1", "x2"))

# 10. non-normal errors: skewed (centred exponential) errors
n <- 200
d <- data.frame(x1 = rnorm(n), x2 = rnorm(n))
d$y <- 1 + d$x1 - d$x2 + (rexp(n) - 1) * 2
add("skewed", d[c("y", "x1", "x2")], c("x1", "x2"))

write.csv(manifest, file.path(out, "manifest.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(manifest), "datasets to", out, "\n")
