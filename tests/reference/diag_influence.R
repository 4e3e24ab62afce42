# Reference values for the multicollinearity, specification and influence
# diagnostics (src/diag/collinearity.c, specification.c, influence.c).
# Run from the repository root:  Rscript tests/reference/diag_influence.R
#
# Reads the shared datasets back from tests/fixtures/data (manifest.csv) and
# adds a few of its own (written to tests/fixtures/influence/data_*.csv):
# zero weights, an aliased column, a row with leverage 1, and a factor plus
# poly() term for GVIF. For every dataset it fits lm() (weights, intercept
# per manifest) and writes, with 17 significant digits,
#   tests/fixtures/influence/<name>_values.csv  key,value  (statistics, p-values)
#   tests/fixtures/influence/<name>_rows.csv    one line per input row
# and the list of datasets to tests/fixtures/influence/datasets.csv.
#
# Definitions (see docs/diagnostics_influence.md):
# - influence: stats::influence.measures, hatvalues, rstandard, rstudent,
#   cooks.distance, dffits, covratio, dfbeta, dfbetas, lm.influence()$sigma;
#   rows with weight 0 are not part of the fit (R drops them) -> NA.
# - outliers: car::outlierTest (cutoff 0.05, n.max 10), Bonferroni p clamped to 1.
# - VIF / GVIF: car::vif (vif.default: cov2cor of vcov, intercept dropped).
#   Aliased columns: car refuses, so the reference is car::vif of the model
#   without them (the model lm actually estimated).
# - Belsley: unit-length columns of the weighted design sqrt(w) X (non-aliased
#   columns, intercept included), svd(); perturb::colldiag's definition
#   (perturb is not installed here, so it is written out from BKW 1980).
# - RESET / rainbow / Harvey-Collier: lmtest resettest(power = 2:3,
#   type = "fitted"), raintest(fraction = 0.5), harvtest(). lmtest ignores
#   lm weights, so for weighted fits the reference is the weighted model:
#   RESET as the F test of lm(y ~ X + yhat^2 + yhat^3, weights = w) against
#   the fit; rainbow and Harvey-Collier as lmtest on the transformed model
#   sqrt(w) y ~ 0 + sqrt(w) X over the rows with non-zero weight. Aliased
#   columns are left out of the design given to lmtest.
suppressPackageStartupMessages({ library(car); library(lmtest) })
set.seed(20261127)
data_dir <- "tests/fixtures/data"
out <- "tests/fixtures/influence"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
f17 <- function(v) {
  s <- trimws(formatC(v, digits = 17, format = "g"))
  s[is.na(v)] <- "NA"
  s
}
w17 <- function(df, path) {
  df[] <- lapply(df, function(v) if (is.numeric(v) || is.logical(v)) f17(as.numeric(v)) else v)
  write.csv(df, path, row.names = FALSE, quote = FALSE)
}

# ---------------------------------------------------------------- datasets
man <- read.csv(file.path(data_dir, "manifest.csv"), colClasses = "character")
man$file <- file.path(data_dir, paste0(man$name, ".csv"))
man$assign <- ""
add_data <- function(name, df, x, intercept = 1L, weights = "", assign = "") {
  path <- file.path(out, paste0("data_", name, ".csv"))
  w17(df, path)
  man[nrow(man) + 1, ] <<- list(name, "y", paste(x, collapse = "+"), as.character(intercept),
                                weights, path, assign)
}

# zero weights: five rows carry weight 0 (not part of the fit, as in R)
n <- 50
d <- data.frame(x1 = rnorm(n), x2 = runif(n, -1, 2), w = runif(n, 0.2, 4))
d$y <- 2 - d$x1 + 0.5 * d$x2 + rnorm(n, sd = 1 / sqrt(d$w))
d$w[c(3, 10, 17, 30, 44)] <- 0
d$y[10] <- d$y[10] + 25 # an outlier that must not matter: its weight is 0
add_data("zeroweight", d[c("y", "x1", "x2", "w")], c("x1", "x2"), weights = "w")

# aliased: x3 = x1 + x2 exactly as doubles (R and linreg both drop x3)
n <- 40
d <- data.frame(x1 = round(rnorm(n), 3), x2 = round(rnorm(n), 3))
d$x3 <- d$x1 + d$x2
d$x4 <- rnorm(n)
d$y <- 1 + d$x1 - 2 * d$x2 + 0.3 * d$x4 + rnorm(n)
add_data("aliased", d[c("y", "x1", "x2", "x3", "x4")], c("x1", "x2", "x3", "x4"))

# a row with leverage 1: x3 is a dummy for row 5 alone
n <- 30
d <- data.frame(x1 = rnorm(n), x2 = rnorm(n), x3 = 0)
d$x3[5] <- 1
d$y <- 1 + d$x1 + d$x2 + rnorm(n)
add_data("hat1", d[c("y", "x1", "x2", "x3")], c("x1", "x2", "x3"))

# GVIF: a numeric x1, a three-level factor f and an orthogonal poly(x2, 2);
# the model-matrix columns are stored so linreg fits the very same design.
n <- 60
f <- factor(sample(c("a", "b", "c"), n, replace = TRUE))
x1 <- rnorm(n) + 0.6 * (f == "b")
x2 <- runif(n, 0, 4) + 0.5 * x1
y <- 1 + x1 + 0.5 * (f == "c") + 0.3 * x2 + 0.2 * x2^2 + rnorm(n)
gv_model <- lm(y ~ x1 + f + poly(x2, 2))
gv_noint <- lm(y ~ 0 + x1 + f + poly(x2, 2))
mm <- model.matrix(gv_model)
d <- data.frame(y = y, x1 = mm[, "x1"], fb = mm[, "fb"], fc = mm[, "fc"],
                p1 = mm[, "poly(x2, 2)1"], p2 = mm[, "poly(x2, 2)2"])
add_data("gvif", d, c("x1", "fb", "fc", "p1", "p2"), assign = "0 1 2 2 3 3")
mm0 <- model.matrix(gv_noint)
d0 <- data.frame(y = y, x1 = mm0[, "x1"], fa = mm0[, "fa"], fb = mm0[, "fb"], fc = mm0[, "fc"],
                 p1 = mm0[, "poly(x2, 2)1"], p2 = mm0[, "poly(x2, 2)2"])
add_data("gvif_noint", d0, c("x1", "fa", "fb", "fc", "p1", "p2"), intercept = 0L,
         assign = "1 2 2 2 3 3")
gvif_ref <- list(gvif = gv_model, gvif_noint = gv_noint)

# ---------------------------------------------------------------- helpers
belsley <- function(X) {
  Xs <- sweep(X, 2, sqrt(colSums(X^2)), "/")
  s <- svd(Xs)
  phi <- sweep(s$v^2, 2, s$d^2, "/")        # phi[j, k] = v_jk^2 / d_k^2
  pi <- t(sweep(phi, 1, rowSums(phi), "/")) # pi[k, j]: dimension k, variable j
  list(index = s$d[1] / s$d, pi = pi, kappa = s$d[1] / s$d[length(s$d)])
}

# ---------------------------------------------------------------- per dataset
for (r in seq_len(nrow(man))) {
  spec <- man[r, ]
  name <- spec$name
  d <- read.csv(spec$file)
  x <- strsplit(spec$predictors, "+", fixed = TRUE)[[1]]
  icpt <- spec$intercept == "1"
  form <- as.formula(paste("y ~", if (icpt) "" else "0 +", paste(x, collapse = " + ")))
  wts <- if (nzchar(spec$weights)) d[[spec$weights]] else rep(1, nrow(d))
  fit <- if (nzchar(spec$weights)) lm(form, data = d, weights = wts) else lm(form, data = d)
  n_all <- nrow(d)
  used <- which(wts != 0)
  cf <- coef(fit)
  p <- length(cf)
  kept <- which(!is.na(cf))
  k <- fit$rank
  vals <- list()
  put <- function(key, v) vals[[key]] <<- v

  put("n", length(used)); put("rank", k); put("ncoef", p)

  # ---- influence, per row (rows with weight 0 stay NA)
  infl <- lm.influence(fit)
  im <- influence.measures(fit)
  stopifnot(isTRUE(all.equal(unname(im$infmat[, "hat"]), unname(hatvalues(fit)))))
  rows <- data.frame(row = seq_len(n_all))
  full <- function(v) { o <- rep(NA_real_, n_all); o[used] <- v; o }
  rows$hat <- full(hatvalues(fit))
  rows$rstandard <- full(rstandard(fit))
  rows$rstudent <- full(rstudent(fit))
  rows$cooks_d <- full(cooks.distance(fit))
  rows$dffits <- full(dffits(fit))
  rows$covratio <- full(covratio(fit))
  rows$sigma <- full(infl$sigma)
  # influence.measures' own columns (same quantities; is.inf is based on these)
  stopifnot(isTRUE(all.equal(unname(im$infmat[, "cov.r"]), unname(covratio(fit)))))
  db <- dfbeta(fit); dbs <- dfbetas(fit)
  for (j in seq_len(p)) {
    a <- match(names(cf)[j], colnames(db))
    rows[[paste0("dfbeta_", j)]] <- if (is.na(a)) rep(NA_real_, n_all) else full(db[, a])
    rows[[paste0("dfbetas_", j)]] <- if (is.na(a)) rep(NA_real_, n_all) else full(dbs[, a])
  }
  inf <- im$is.inf
  inf[is.na(inf)] <- FALSE
  rows$inf_dfb <- full(as.numeric(apply(inf[, seq_len(k), drop = FALSE], 1, any)))
  rows$inf_dffit <- full(as.numeric(inf[, "dffit"]))
  rows$inf_covr <- full(as.numeric(inf[, "cov.r"]))
  rows$inf_cook <- full(as.numeric(inf[, "cook.d"]))
  rows$inf_hat <- full(as.numeric(inf[, "hat"]))
  w17(rows, file.path(out, paste0(name, "_rows.csv")))
  flagged <- apply(inf, 1, any)
  put("n_flagged", sum(flagged))
  h <- hatvalues(fit)
  put("max_hat", max(h)); put("max_hat_row", used[which.max(h)])
  cd <- cooks.distance(fit)
  put("max_cook", max(cd, na.rm = TRUE)); put("max_cook_row", used[which.max(cd)])

  # ---- Bonferroni outlier test (car)
  ot <- outlierTest(fit, cutoff = 0.05, n.max = 10)
  put("outlier_count", length(ot$rstudent))
  put("outlier_signif", as.numeric(ot$signif))
  put("outlier_n", sum(!is.na(rstudent(fit))))
  put("outlier_df", df.residual(fit) - 1)
  for (i in seq_along(ot$rstudent)) {
    put(paste0("outlier_", i, "_row"), as.integer(names(ot$rstudent)[i]))
    put(paste0("outlier_", i, "_rstudent"), unname(ot$rstudent[i]))
    put(paste0("outlier_", i, "_p"), unname(ot$p[i]))
    put(paste0("outlier_", i, "_bonf"), min(1, unname(ot$bonf.p[i])))
  }

  # ---- VIF (car::vif of the estimated model: aliased columns left out)
  fit_est <- fit
  if (k < p) {
    xe <- setdiff(names(cf)[kept], "(Intercept)")
    fe <- as.formula(paste("y ~", if (icpt) "" else "0 +", paste(xe, collapse = " + ")))
    fit_est <- if (nzchar(spec$weights)) lm(fe, data = d, weights = wts) else lm(fe, data = d)
  }
  nslope <- k - icpt
  if (nslope >= 2) {
    v <- suppressWarnings(vif(fit_est))
    for (j in seq_len(p)) {
      nm <- names(cf)[j]
      if (nm %in% names(v)) put(paste0("vif_", j), unname(v[nm]))
    }
    # independent check of the definition: 1 / (1 - R^2_j) (centered with an
    # intercept, uncentered without), weighted
    Xe <- model.matrix(fit_est)
    for (nm in names(v)) {
      others <- setdiff(colnames(Xe), c(nm, "(Intercept)"))
      fo <- if (icpt) lm(Xe[, nm] ~ Xe[, others], weights = wts)
            else lm(Xe[, nm] ~ 0 + Xe[, others], weights = wts)
      r2 <- summary(fo)$r.squared
      stopifnot(abs(1 / (1 - r2) / v[nm] - 1) < 1e-9)
    }
  }
  if (name %in% names(gvif_ref)) {
    g <- suppressWarnings(vif(gvif_ref[[name]]))
    for (t in seq_len(nrow(g))) {
      put(paste0("gvif_", t), g[t, 1]); put(paste0("gvif_df_", t), g[t, 2])
      put(paste0("gvif_adj_", t), g[t, 3])
    }
    stopifnot(isTRUE(all.equal(unname(coef(gvif_ref[[name]])), unname(cf))))
  }

  # ---- Belsley on the weighted design (used rows, estimated columns)
  X <- model.matrix(fit)[, kept, drop = FALSE]
  Xw <- (sqrt(wts) * X)[used, , drop = FALSE]
  b <- belsley(Xw)
  put("cond_number", b$kappa)
  stopifnot(abs(b$kappa / kappa(sweep(Xw, 2, sqrt(colSums(Xw^2)), "/"), exact = TRUE) - 1) < 1e-10)
  for (kk in seq_along(b$index)) {
    put(paste0("cond_index_", kk), b$index[kk])
    for (j in seq_along(kept)) put(paste0("prop_", kk, "_", kept[j]), b$pi[kk, j])
  }

  # ---- specification tests on the estimated design (NA where a test
  # cannot run: lmtest would fail or use a rank-deficient sub-design)
  yv <- d$y
  yh <- fitted(fit)
  sw <- sqrt(wts[used]); Xt <- sw * X[used, , drop = FALSE]; yt <- sw * yv[used]
  na_test <- list(statistic = NA, parameter = c(NA, NA), p.value = NA)
  if (!nzchar(spec$weights)) {
    rs <- resettest(yv ~ 0 + X, power = 2:3, type = "fitted")
    if (k == p) stopifnot(isTRUE(all.equal(rs$statistic, resettest(fit, power = 2:3)$statistic)))
    # the augmented regression gives the same RESET statistic
    a2 <- anova(lm(yv ~ 0 + X), lm(yv ~ 0 + X + I(yh^2) + I(yh^3)))
    stopifnot(abs(a2$F[2] / rs$statistic - 1) < 1e-8)
  } else {
    a2 <- anova(lm(yv ~ 0 + X, weights = wts), lm(yv ~ 0 + X + I(yh^2) + I(yh^3), weights = wts))
    rs <- list(statistic = a2$F[2], parameter = c(a2$Df[2], a2$Res.Df[2]), p.value = a2$`Pr(>F)`[2])
  }
  nu <- length(used)
  from <- ceiling(quantile(1:nu, probs = 0.25)); to <- from + floor(0.5 * nu) - 1
  rb <- if (qr(Xt[from:to, , drop = FALSE])$rank < k) na_test else raintest(yt ~ 0 + Xt, fraction = 0.5)
  hc <- if (qr(Xt[1:k, , drop = FALSE])$rank < k) na_test else harvtest(yt ~ 0 + Xt)
  put("reset_stat", unname(rs$statistic)); put("reset_df1", unname(rs$parameter[1]))
  put("reset_df2", unname(rs$parameter[2])); put("reset_p", unname(rs$p.value))
  put("rainbow_stat", unname(rb$statistic)); put("rainbow_df1", unname(rb$parameter[1]))
  put("rainbow_df2", unname(rb$parameter[2])); put("rainbow_p", unname(rb$p.value))
  put("hc_stat", unname(hc$statistic)); put("hc_df", unname(hc$parameter[1]))
  put("hc_p", unname(hc$p.value))

  stopifnot(all(lengths(vals) == 1))
  kv <- data.frame(key = names(vals), value = f17(unlist(vals, use.names = FALSE)))
  write.csv(kv, file.path(out, paste0(name, "_values.csv")), row.names = FALSE, quote = FALSE)
}
write.csv(man, file.path(out, "datasets.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(man), "datasets to", out, "\n")
