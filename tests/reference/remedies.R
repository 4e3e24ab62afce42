# Reference values for the remedies and the interpretation pack
# (src/robust/, src/interpret/), computed with sandwich 3.0, lmtest 0.9 and
# MASS 7.3 on the shared datasets, read back from tests/fixtures/data/*.csv.
# Run from the repository root:  Rscript tests/reference/remedies.R
# Writes tests/fixtures/robust/*.csv and tests/fixtures/interpret/*.csv,
# every number with 17 significant digits.
#
# Derived datasets (the C tests build the same ones):
#   weighted_zero: weighted.csv with w[3] = w[10] = 0. sandwich applied to an
#     lm with zero weights divides by all n rows (scaling HC0 by
#     (n_used/n)^2) and misaligns hat values (recycling warning), so the
#     reference is the same lm fitted with subset = w > 0 -- what linreg
#     computes (zero-weight rows left out).
#   aliased: clean.csv with x4 = x1 + x2 (aliased by lm; NA coefficient).
# Cluster ids: `clustered` uses g (patient) and h (visit); every other
# dataset uses c1 = (row - 1) %/% 5 + 1 and c2 = (row - 1) %% 7 + 1.
suppressPackageStartupMessages({
  library(sandwich); library(lmtest); library(MASS)
})
out_r <- "tests/fixtures/robust"
out_i <- "tests/fixtures/interpret"
dir.create(out_r, showWarnings = FALSE, recursive = TRUE)
dir.create(out_i, showWarnings = FALSE, recursive = TRUE)
f17 <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
wcsv <- function(df, path) {
  for (j in seq_along(df)) if (is.numeric(df[[j]])) df[[j]] <- f17(df[[j]])
  write.csv(df, path, row.names = FALSE, quote = FALSE)
}

manifest <- read.csv("tests/fixtures/data/manifest.csv", stringsAsFactors = FALSE)
load_set <- function(name) {
  base <- switch(name, weighted_zero = "weighted", aliased = "clean", name)
  spec <- manifest[manifest$name == base, ]
  d <- read.csv(file.path("tests/fixtures/data", paste0(base, ".csv")))
  preds <- strsplit(spec$predictors, "+", fixed = TRUE)[[1]]
  if (name == "weighted_zero") d$w[c(3, 10)] <- 0
  if (name == "aliased") { d$x4 <- d$x1 + d$x2; preds <- c(preds, "x4") }
  n <- nrow(d)
  if (name == "clustered") { d$c1 <- d$g; d$c2 <- d$h } else {
    d$c1 <- (seq_len(n) - 1) %/% 5 + 1; d$c2 <- (seq_len(n) - 1) %% 7 + 1
  }
  wname <- if (is.na(spec$weights) || spec$weights == "") NULL else spec$weights
  fml <- as.formula(paste("y ~", paste(preds, collapse = " + "), if (spec$intercept == 0) "- 1" else ""))
  list(name = name, d = d, preds = preds, fml = fml, w = wname, intercept = spec$intercept == 1)
}
fit_of <- function(s, data = s$d) {
  if (is.null(s$w)) lm(s$fml, data = data, y = TRUE) else {
    data$.w <- data[[s$w]]
    lm(s$fml, data = data, weights = .w, y = TRUE)
  }
}
sets <- c(manifest$name, "weighted_zero", "aliased")

vc_rows <- list(); ct_rows <- list(); sc_rows <- list()
add_vc <- function(set, type, V) {
  nm <- rownames(V)
  g <- expand.grid(i = seq_along(nm), j = seq_along(nm))
  vc_rows[[length(vc_rows) + 1]] <<- data.frame(dataset = set, type = type, row = nm[g$i],
                                                col = nm[g$j], value = V[cbind(g$i, g$j)])
}
add_ct <- function(set, type, f, V, level = 0.95) {
  ct <- coeftest(f, vcov. = V)
  ci <- coefci(f, vcov. = V, level = level)
  ct_rows[[length(ct_rows) + 1]] <<- data.frame(
    dataset = set, type = type, level = level, name = rownames(ct), estimate = ct[, 1],
    std_error = ct[, 2], t_value = ct[, 3], p_value = ct[, 4], ci_low = ci[rownames(ct), 1],
    ci_high = ci[rownames(ct), 2])
}
add_sc <- function(set, key, value)
  sc_rows[[length(sc_rows) + 1]] <<- data.frame(dataset = set, key = key, value = value)

for (set in sets) {
  s <- load_set(set)
  d <- if (!is.null(s$w)) s$d[s$d[[s$w]] > 0, ] else s$d
  f <- fit_of(s, d)
  for (type in c("HC0", "HC1", "HC2", "HC3", "HC4", "HC4m", "HC5")) {
    V <- vcovHC(f, type = type)
    add_vc(set, type, V); add_ct(set, type, f, V)
    if (type == "HC3") add_ct(set, type, f, V, level = 0.90)
  }
  bw <- bwNeweyWest(f, prewhite = TRUE)
  add_sc(set, "nw_bandwidth", bw); add_sc(set, "nw_lag", floor(bw))
  V <- NeweyWest(f); add_vc(set, "NW", V); add_ct(set, "NW", f, V)
  V <- NeweyWest(f, lag = 2, prewhite = FALSE); add_vc(set, "NW_L2", V); add_ct(set, "NW_L2", f, V)
  V <- NeweyWest(f, lag = 3, prewhite = TRUE, adjust = TRUE)
  add_vc(set, "NW_L3_ADJ", V); add_ct(set, "NW_L3_ADJ", f, V)
  V <- vcovHAC(f); add_vc(set, "HAC", V); add_ct(set, "HAC", f, V)
  add_sc(set, "hac_bandwidth", bwAndrews(f, prewhite = FALSE))
  add_sc(set, "hac_nlags", length(weightsAndrews(f, prewhite = FALSE)) - 1)
  V <- vcovCL(f, cluster = d$c1); add_vc(set, "CL1", V); add_ct(set, "CL1", f, V)
  V <- vcovCL(f, cluster = d$c1, type = "HC0"); add_vc(set, "CL1_HC0", V)
  V <- vcovCL(f, cluster = d[, c("c1", "c2")]); add_vc(set, "CL2", V); add_ct(set, "CL2", f, V)
  add_sc(set, "ncl1", length(unique(d$c1))); add_sc(set, "ncl2", length(unique(d$c2)))
  add_sc(set, "ncl12", length(unique(paste(d$c1, d$c2))))
}
wcsv(do.call(rbind, vc_rows), file.path(out_r, "vcov.csv"))
wcsv(do.call(rbind, ct_rows), file.path(out_r, "coeftest.csv"))
wcsv(do.call(rbind, sc_rows), file.path(out_r, "scalars.csv"))

# ---- feasible WLS: log(e^2) on the predictors, weights 1/exp(fitted), refit
fw_rows <- list()
for (set in sets) {
  s <- load_set(set)
  if (!is.null(s$w)) next
  f <- fit_of(s)
  d <- s$d
  d$.le2 <- log(residuals(f)^2)
  aux <- lm(update(s$fml, .le2 ~ .), data = d)
  d$.fw <- 1 / exp(fitted(aux))
  f2 <- lm(s$fml, data = d, weights = .fw)
  for (what in c("wls", "aux")) {
    g <- if (what == "wls") f2 else aux
    cf <- summary(g)$coefficients
    fw_rows[[length(fw_rows) + 1]] <- data.frame(
      dataset = set, model = what, name = c(rownames(cf), "sigma"),
      estimate = c(cf[, 1], summary(g)$sigma), std_error = c(cf[, 2], NA),
      t_value = c(cf[, 3], NA), p_value = c(cf[, 4], NA))
  }
}
wcsv(do.call(rbind, fw_rows), file.path(out_r, "fwls.csv"))

# ---- Box-Cox (MASS::boxcox) on the sets with a positive response
bg_rows <- list(); bx_rows <- list()
for (set in sets) {
  s <- load_set(set)
  if (!is.null(s$w) || any(s$d$y <= 0)) next
  f <- fit_of(s)
  bc <- boxcox(f, plotit = FALSE)          # lambda = seq(-2, 2, 1/10)
  bg_rows[[length(bg_rows) + 1]] <- data.frame(dataset = set, lambda = bc$x, loglik = bc$y)
  L <- function(la) boxcox(f, lambda = la, plotit = FALSE)$y
  o <- optimize(L, c(-2, 2), maximum = TRUE, tol = 1e-11)
  cut <- o$objective - qchisq(0.95, 1) / 2
  lo <- if (L(-2) < cut) uniroot(function(la) L(la) - cut, c(-2, o$maximum), tol = 1e-13)$root else NA
  hi <- if (L(2) < cut) uniroot(function(la) L(la) - cut, c(o$maximum, 2), tol = 1e-13)$root else NA
  bx_rows[[length(bx_rows) + 1]] <- data.frame(dataset = set, lambda_hat = o$maximum,
                                               loglik_max = o$objective, ci_low = lo, ci_high = hi,
                                               loglik_at_0.01 = L(0.01), loglik_at_0.3 = L(0.3))
}
wcsv(do.call(rbind, bg_rows), file.path(out_r, "boxcox_grid.csv"))
wcsv(do.call(rbind, bx_rows), file.path(out_r, "boxcox.csv"))

# ---- fixed features: regression calibration, the explicit formula
# beta = (Sxx - Suu)^-1 Sxy (Fuller 1987, 2.2), weighted moments divided by
# sum(w), centred with an intercept; var_u = (1 - rel) var_x, var_x centred.
eiv <- function(X, y, w, rel, intercept) {
  sw <- sum(w)
  mxc <- colSums(w * X) / sw
  varx <- colSums(w * sweep(X, 2, mxc)^2) / sw
  mx <- if (intercept) mxc else 0 * mxc
  my <- if (intercept) sum(w * y) / sw else 0
  Xc <- sweep(X, 2, mx); yc <- y - my
  Sxx <- crossprod(Xc * sqrt(w)) / sw
  Sxy <- crossprod(Xc, w * yc) / sw
  A <- Sxx - diag((1 - rel) * varx, nrow = length(rel))
  # the error-free covariance must be positive definite, else no estimate
  if (min(eigen(A, symmetric = TRUE, only.values = TRUE)$values) <= 0)
    return(setNames(rep(NA_real_, length(rel) + intercept), c(if (intercept) "(Intercept)", colnames(X))))
  b <- drop(solve(A, Sxy))
  if (intercept) c("(Intercept)" = my - sum(mx * b), b) else b
}
ev_rows <- list()
for (set in sets) {
  s <- load_set(set)
  f <- fit_of(s)
  keep <- names(coef(f))[!is.na(coef(f))]
  kp <- intersect(s$preds, keep)
  X <- as.matrix(s$d[, kp, drop = FALSE]); y <- s$d$y
  w <- if (is.null(s$w)) rep(1, nrow(X)) else s$d[[s$w]]
  relall <- rep(c(0.8, 0.9, 0.95), length.out = length(s$preds))
  names(relall) <- s$preds
  b <- eiv(X, y, w, relall[kp], s$intercept)
  ev_rows[[length(ev_rows) + 1]] <- data.frame(dataset = set, case = "given", name = names(b), value = b)
  for (j in kp) for (r in c(1, 0.9, 0.8, 0.7)) {
    rel <- setNames(rep(1, length(kp)), kp); rel[j] <- r
    b <- eiv(X, y, w, rel, s$intercept)
    ev_rows[[length(ev_rows) + 1]] <- data.frame(dataset = set, case = paste0("sens_", j, "_", r),
                                                 name = names(b), value = b)
  }
}
wcsv(do.call(rbind, ev_rows), file.path(out_r, "eiv.csv"))

# ---- interpretation pack
st_rows <- list(); ef_rows <- list(); ex_rows <- list()
for (set in sets) {
  s <- load_set(set)
  f <- fit_of(s)
  d <- s$d
  w <- if (is.null(s$w)) rep(1, nrow(d)) else d[[s$w]]
  u <- w > 0
  wsd <- function(v) { m <- sum(w[u] * v[u]) / sum(w[u]); sqrt(sum(w[u] * (v[u] - m)^2) / sum(w[u])) }
  wmean <- function(v) sum(w[u] * v[u]) / sum(w[u])
  b <- coef(f)
  for (j in s$preds) {
    if (is.na(b[j])) next
    st_rows[[length(st_rows) + 1]] <- data.frame(dataset = set, name = j, value = b[j] * wsd(d[[j]]) / wsd(d$y))
    q <- quantile(b[j] * d[[j]][u], c(0, 0.25, 0.5, 0.75, 1), type = 7)
    ef_rows[[length(ef_rows) + 1]] <- data.frame(dataset = set, name = j, min = q[1], q1 = q[2],
                                                 median = q[3], q3 = q[4], max = q[5])
  }
  x <- unlist(d[1, s$preds])
  bb <- ifelse(is.na(b[s$preds]), 0, b[s$preds])
  mu <- sapply(s$preds, function(j) wmean(d[[j]]))
  b0 <- if (s$intercept) b[1] else 0
  contrib <- bb * (x - mu)
  ex_rows[[length(ex_rows) + 1]] <- data.frame(
    dataset = set, name = c(s$preds, "mean_prediction", "prediction"),
    value = c(contrib, b0 + sum(bb * mu), b0 + sum(bb * x)))
}
wcsv(do.call(rbind, st_rows), file.path(out_i, "standardized.csv"))
wcsv(do.call(rbind, ef_rows), file.path(out_i, "effects.csv"))
wcsv(do.call(rbind, ex_rows), file.path(out_i, "explain.csv"))

# Sentences for the Windsor house prices (yes/no columns as 0/1), numbers
# with 5 significant digits (integers in full) and commas, by formatC.
h <- read.csv("examples/data/house_prices_windsor.csv")
for (v in c("driveway", "recreation", "fullbase", "gasheat", "aircon", "prefer"))
  h[[v]] <- as.numeric(h[[v]] == "yes")
fh <- lm(price ~ ., data = h)
ci <- confint(fh, level = 0.95)
fmt <- function(x, dec) formatC(x, format = "f", digits = dec, big.mark = ",")
lines <- character()
for (j in names(coef(fh))[-1]) {
  b <- coef(fh)[[j]]
  dec <- max(0, 5 - 1 - floor(log10(abs(b))))
  lo <- ci[j, 1]; hi <- ci[j, 2]
  dir <- if (b < 0) "lower" else "higher"
  if (b < 0) { t <- lo; lo <- -hi; hi <- -t }
  subj <- switch(j, bathrooms = "one more bathroom", bedrooms = "one more bedroom",
                 gasheat = "gas heating rather than no gas heating",
                 paste0("one unit more of ", j))
  s <- sprintf("Holding the other features fixed, %s is associated with a price %s by %s (95%% CI %s to %s).",
               subj, dir, fmt(abs(b), dec), fmt(lo, dec), fmt(hi, dec))
  if (ci[j, 1] < 0 && ci[j, 2] > 0) s <- paste(s, "The interval includes zero, so even the direction of this association is uncertain.")
  lines <- c(lines, s)
}
writeLines(lines, file.path(out_i, "sentences_house.txt"))
cat("wrote fixtures to", out_r, "and", out_i, "\n")
