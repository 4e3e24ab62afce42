# Reference fits for the formula layer (tests/test_formula.c): one data set
# with numeric, categorical and numeric-coded-categorical columns and
# missing values, and a list of formulas covering R's formula language.
# Run from the repository root:  Rscript tests/reference/formulas.R
# Writes tests/fixtures/formulas/{data.csv, models.csv, coefficients.csv, residuals.csv}.
# Values are written with 17 significant digits; the data are read back
# with read.csv so that R and linreg fit the same doubles.
set.seed(20240611)
out <- "tests/fixtures/formulas"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
f17 <- function(v) ifelse(is.na(v), "NA", trimws(formatC(v, digits = 17, format = "g")))

n <- 60
x <- round(runif(n, 0, 10), 3)
z <- round(rexp(n) + 0.5, 4)
g <- sample(c("a", "b", "c"), n, replace = TRUE)
h <- sample(c("u", "v"), n, replace = TRUE)
k <- sample(c(1, 2, 3, 10), n, replace = TRUE)
m <- sample(c(100000, 0.5, 2e-05), n, replace = TRUE)
wt <- round(runif(n, 0.5, 2), 3)
y <- 1 + 0.5 * x - 0.2 * x^2 / 10 + log(z) + (g == "b") * 1.5 - (g == "c") + (h == "v") * 0.7 +
  0.1 * k + rnorm(n, sd = 0.8)
y[c(3, 17)] <- NA      # missing response
z[c(8, 17, 40)] <- NA  # missing predictor (row 17 twice)
g[c(25)] <- NA         # missing category
d <- data.frame(y = f17(y), x = f17(x), z = f17(z), g = ifelse(is.na(g), "NA", g), h = h,
                k = f17(k), m = f17(m), wt = f17(wt))
write.csv(d, file.path(out, "data.csv"), row.names = FALSE, quote = FALSE)

d <- read.csv(file.path(out, "data.csv"), stringsAsFactors = TRUE)

# id, formula, weighted (0/1). The same text is parsed by linreg.
models <- list(
  list("main", "y ~ x + g", 0),
  list("cross", "y ~ x * g", 0),
  list("factor_pair", "y ~ g:h", 0),
  list("num_factor", "y ~ x:g", 0),
  list("noint_two", "y ~ g + h - 1", 0),
  list("noint_zero", "y ~ 0 + x + g:h + h", 0),
  list("power2", "y ~ (x + z + g)^2", 0),
  list("nest", "y ~ g/x", 0),
  list("in", "y ~ z + x %in% g", 0),
  list("three", "y ~ g*h*x - g:h:x", 0),
  list("arith", "y ~ I(x^2) + I(x * z) + I(x/2) + I(-x + 2.5) + I((x + 1)^3)", 0),
  list("funcs", "y ~ log(z) + sqrt(z) + exp(x/10)", 0),
  list("logs", "log(y + 10) ~ log2(z) + log10(x + 1) + log1p(z) + abs(x - 5)", 0),
  list("logbase", "y ~ log(z, base = 3) + I(z^0.5) + I(1/z)", 0),
  list("poly_raw", "y ~ poly(x, 3, raw = TRUE)", 0),
  list("poly_orth", "y ~ poly(x, 3)", 0),
  list("poly_mixed", "y ~ poly(x, degree = 2) + poly(z, 2, raw = TRUE) + g", 0),
  list("relevel", "y ~ relevel(g, ref = \"c\") + x", 0),
  list("numfactor", "y ~ factor(k) + x", 0),
  list("numfactor_fmt", "y ~ as.factor(m) + x", 0),
  list("numfactor_int", "y ~ as.factor(k):x", 0),
  list("dot", "y ~ .", 0),
  list("dot_minus", "y ~ . - g - wt", 0),
  list("dot_log", "log(y + 10) ~ . - m", 0),
  list("intercept_only", "y ~ 1", 0),
  list("noint_num", "y ~ x - 1", 0),
  list("neg_first", "y ~ -1 + x + g", 0),
  list("weighted", "y ~ x + g + log(z)", 1),
  list("pi_const", "y ~ I(pi * x) + I(x %% 3)", 0)
)

mrows <- list(); crows <- list(); rrows <- list()
for (spec in models) {
  id <- spec[[1]]; fml <- as.formula(spec[[2]]); w <- spec[[3]]
  fit <- if (w == 1) lm(fml, data = d, weights = wt, na.action = na.exclude)
         else lm(fml, data = d, na.action = na.exclude)
  s <- summary(fit)
  cf <- coef(fit)
  se <- rep(NA_real_, length(cf)); names(se) <- names(cf)
  se[rownames(s$coefficients)] <- s$coefficients[, 2]
  mrows[[id]] <- data.frame(id = id, formula = spec[[2]], weighted = w, n = nobs(fit),
                            sigma = f17(s$sigma), r_squared = f17(s$r.squared),
                            dropped = sum(is.na(residuals(fit))))
  crows[[id]] <- data.frame(id = id, name = names(cf), estimate = f17(cf), std_error = f17(se))
  r <- residuals(fit)
  rrows[[id]] <- data.frame(id = id, row = seq_along(r), residual = f17(r))
}
write.csv(do.call(rbind, mrows), file.path(out, "models.csv"), row.names = FALSE)
write.csv(do.call(rbind, crows), file.path(out, "coefficients.csv"), row.names = FALSE)
write.csv(do.call(rbind, rrows), file.path(out, "residuals.csv"), row.names = FALSE)

# R's deparse() of expressions (the labels that name design columns) and
# as.character() of doubles (the levels of a factor made from numbers).
exprs <- c("I(x^2)", "I(x*2)", "I(x-1)", "I(x/2)", "I(-x)", "I((x+1)^2)", "log(x)",
           "I(2.50*x)", "I(1e-3*x)", "I(100000*x)", "I(123456*x)", "log(x,base=2)", "I(x%%2)",
           "`my var`", "C(g, ref='b')", "poly(x,degree=2,raw=TRUE)", "I(x^-1)", "I(-(x))",
           "I(x - -1)", "I(x+1L)", "exp(-x/3)", "I(1e15*x)", "I(0.0001*x)", "relevel(g,\"b\")",
           "I(x*y+3)", "sqrt(abs(x))", "I(+x)", "I(3.14159265358979*x)")
dp <- vapply(exprs, function(e) paste(deparse(parse(text = e)[[1]], backtick = TRUE), collapse = ""), "")
write.csv(data.frame(input = exprs, deparse = dp), file.path(out, "deparse.csv"), row.names = FALSE)
nums <- c(100000, 123456, 0.1, 1e-20, 1e15, 1e16, 3.14159265358979, 2, -0.5, 1e-04, 0.00012,
          1234567.5, -1e5, 1/3, 2/3 * 1e-7, 1e100, 123456789012345678, 0.1 + 0.2, 5e-324)
write.csv(data.frame(value = f17(nums), text = as.character(nums)), file.path(out, "numbers.csv"),
          row.names = FALSE)
