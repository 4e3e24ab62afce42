# Reference values for the assumption report (src/report/): the numbers the
# report computes itself, each by an independent R computation (lm, car,
# lmtest, sandwich), on the shared datasets read back from
# tests/fixtures/data/*.csv, plus two derived sets:
#   weighted_zero: weighted.csv with w[3] = w[10] = 0 (as remedies.R);
#   house: examples/data/house_prices_windsor.csv, yes/no columns as 0/1,
#          price on every other column.
# Cluster ids: `clustered` uses g (patient); clean, weighted and
# weighted_zero use c1 = (row - 1) %/% 5 + 1 (as remedies.R).
# Run from the repository root:  Rscript tests/reference/report.R
# Writes tests/fixtures/report/{values,curvature,refit}.csv with 17
# significant digits.
suppressPackageStartupMessages({ library(car); library(lmtest); library(sandwich) })
out <- "tests/fixtures/report"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
f17 <- function(x) ifelse(is.na(x), "NA", trimws(formatC(x, digits = 17, format = "g")))
wcsv <- function(df, path) {
  for (j in seq_along(df)) if (is.numeric(df[[j]])) df[[j]] <- f17(df[[j]])
  write.csv(df, path, row.names = FALSE, quote = FALSE)
}

manifest <- read.csv("tests/fixtures/data/manifest.csv", stringsAsFactors = FALSE)
load_set <- function(name) {
  if (name == "house") {
    d <- read.csv("examples/data/house_prices_windsor.csv")
    for (v in c("driveway", "recreation", "fullbase", "gasheat", "aircon", "prefer"))
      d[[v]] <- as.numeric(d[[v]] == "yes")
    names(d)[names(d) == "price"] <- "y"
    preds <- setdiff(names(d), "y")
    return(list(d = d, preds = preds, w = NULL, intercept = TRUE, ids = NULL))
  }
  base <- if (name == "weighted_zero") "weighted" else name
  spec <- manifest[manifest$name == base, ]
  d <- read.csv(file.path("tests/fixtures/data", paste0(base, ".csv")))
  if (name == "weighted_zero") d$w[c(3, 10)] <- 0
  preds <- strsplit(spec$predictors, "+", fixed = TRUE)[[1]]
  wname <- if (is.na(spec$weights) || spec$weights == "") NULL else spec$weights
  ids <- if (name == "clustered") d$g else
    if (name %in% c("clean", "weighted", "weighted_zero")) (seq_len(nrow(d)) - 1) %/% 5 + 1 else NULL
  list(d = d, preds = preds, w = if (is.null(wname)) NULL else d[[wname]],
       intercept = spec$intercept == 1, ids = ids)
}
fml_of <- function(s, extra = NULL)
  as.formula(paste("y ~", paste(c(s$preds, extra), collapse = " + "), if (!s$intercept) "- 1" else ""))
fit_of <- function(s, extra = NULL, w = s$w) {
  d <- s$d
  d$.w <- if (is.null(w)) rep(1, nrow(d)) else w
  lm(fml_of(s, extra), data = d, weights = .w)
}

sets <- c(manifest$name, "weighted_zero", "house")
vals <- list(); curv <- list(); refit <- list()
put <- function(set, key, value)
  vals[[length(vals) + 1]] <<- data.frame(dataset = set, key = key,
                                          value = if (is.character(value)) value else f17(value))
sig_changes <- function(f, V, alpha = 0.05) {
  p0 <- summary(f)$coefficients[, 4]
  p1 <- coeftest(f, vcov. = V)[, 4]
  ch <- names(p0)[(p0 < alpha) != (p1 < alpha)]
  if (length(ch)) paste(ch, collapse = ";") else "none"
}
ratio <- function(V, W) { r <- sqrt(diag(V)) / sqrt(diag(W)); r[!is.na(r)] }

for (set in sets) {
  s <- load_set(set)
  f <- fit_of(s)
  w <- if (is.null(s$w)) rep(1, nrow(s$d)) else s$w
  used <- w > 0
  n <- sum(used)
  k <- f$rank
  put(set, "n", n)

  # linearity: RESET effect sizes and per-predictor curvature t tests
  d2 <- s$d; d2$.f <- fitted(f); d2$.w <- w
  fr <- lm(update(fml_of(s), . ~ . + I(.f^2) + I(.f^3)), data = d2, weights = .w)
  r0 <- summary(f)$r.squared; r1 <- summary(fr)$r.squared
  rss0 <- sum(w * residuals(f)^2); rss1 <- sum(w * residuals(fr)^2)
  put(set, "reset_r2_increase", r1 - r0)
  put(set, "reset_unexplained_share", (rss0 - rss1) / rss0)
  for (x in s$preds) {
    fc <- fit_of(s, extra = sprintf("I(%s^2)", x))
    ct <- summary(fc)$coefficients
    row <- sprintf("I(%s^2)", x)
    if (row %in% rownames(ct))
      curv[[length(curv) + 1]] <- data.frame(dataset = set, predictor = x, t_value = ct[row, 3],
                                             df = fc$df.residual, p_value = ct[row, 4])
    else
      curv[[length(curv) + 1]] <- data.frame(dataset = set, predictor = x, t_value = NA,
                                             df = NA, p_value = NA)
  }

  # homoscedasticity: the Breusch-Pagan auxiliary regression and its driver
  e <- residuals(f)
  if (is.null(s$w)) {
    u <- e^2 - sum(e^2) / n
    da <- s$d; da$.u <- u
    aux <- lm(update(fml_of(s), .u ~ .), data = da)
  } else {
    # weighted fits: statsmodels' het_breuschpagan(wresid, X) -- the squared
    # weighted residuals on the design, unweighted, rows with w > 0
    da <- s$d[used, ]; da$.u <- (w * e^2)[used]
    aux <- lm(update(fml_of(s), .u ~ .), data = da)
    lm_stat <- n * summary(aux)$r.squared
    put(set, "bp_weighted_stat", lm_stat)
    put(set, "bp_weighted_df", aux$rank - 1)
    put(set, "bp_weighted_p", pchisq(lm_stat, aux$rank - 1, lower.tail = FALSE))
  }
  put(set, "bp_aux_r2", summary(aux)$r.squared)
  ta <- summary(aux)$coefficients[, 3]
  ta <- ta[names(ta) != "(Intercept)"]
  for (nm in names(ta)) put(set, paste0("bp_aux_t_", nm), ta[[nm]])
  put(set, "bp_driver", names(ta)[which.max(abs(ta))])
  put(set, "bp_driver_sign", sign(ta[which.max(abs(ta))]))
  # sandwich on an lm with zero weights counts those rows (see remedies.R):
  # the robust covariances come from the same fit on the rows with w > 0
  fs <- if (all(used)) f else { ss <- s; ss$d <- s$d[used, ]; fit_of(ss, w = w[used]) }
  V0 <- vcov(fs); V3 <- vcovHC(fs, type = "HC3")
  put(set, "hc3_ratio_max", max(ratio(V3, V0))); put(set, "hc3_ratio_min", min(ratio(V3, V0)))
  put(set, "hc3_sig_changes", sig_changes(fs, V3))

  # independence: lag-1 autocorrelation, Newey-West against HC0 and classical
  ew <- (sqrt(w) * e)[used]
  put(set, "lag1", 1 - sum(diff(ew)^2) / sum(ew^2) / 2)
  Vn <- NeweyWest(fs); Vh0 <- vcovHC(fs, type = "HC0")
  put(set, "nw_ratio_max", max(ratio(Vn, V0))); put(set, "nw_ratio_min", min(ratio(Vn, V0)))
  put(set, "nw_hc0_ratio_max", max(ratio(Vn, Vh0))); put(set, "nw_hc0_ratio_min", min(ratio(Vn, Vh0)))
  put(set, "nw_sig_changes", sig_changes(fs, Vn))
  if (!is.null(s$ids)) {
    # residual intraclass correlation: one-way ANOVA of the weighted residuals on the clusters
    g <- factor(s$ids[used])
    a <- anova(lm(ew ~ g))
    G <- nlevels(g); ng <- as.numeric(table(g))
    n0 <- (n - sum(ng^2) / n) / (G - 1)
    msb <- a[["Mean Sq"]][1]; msw <- a[["Mean Sq"]][2]
    put(set, "icc_f", a[["F value"]][1]); put(set, "icc_df1", a$Df[1]); put(set, "icc_df2", a$Df[2])
    put(set, "icc_p", a[["Pr(>F)"]][1]); put(set, "icc_n0", n0)
    put(set, "icc", (msb - msw) / (msb + (n0 - 1) * msw)); put(set, "icc_clusters", G)
    Vc <- vcovCL(fs, cluster = s$ids[used]); Vh1 <- vcovHC(fs, type = "HC1")
    put(set, "cl_ratio_max", max(ratio(Vc, V0))); put(set, "cl_ratio_min", min(ratio(Vc, V0)))
    put(set, "cl_hc1_ratio_max", max(ratio(Vc, Vh1))); put(set, "cl_hc1_ratio_min", min(ratio(Vc, Vh1)))
    put(set, "cl_sig_changes", sig_changes(fs, Vc))
  }

  # multicollinearity: predictors with variance-decomposition proportion > 0.5
  # on the largest condition index (Belsley; scaled, uncentred design)
  Xd <- model.matrix(f)[used, , drop = FALSE] * sqrt(w[used])
  Xd <- Xd[, !is.na(coef(f)), drop = FALSE]
  Xs <- sweep(Xd, 2, sqrt(colSums(Xd^2)), "/")
  sv <- svd(Xs)
  phi <- sweep(sv$v^2, 2, sv$d^2, "/")
  pi <- t(phi / rowSums(phi))   # row = dimension, column = coefficient
  last <- pi[which.min(sv$d), ]
  names(last) <- colnames(Xd)
  inv <- names(last)[last > 0.5 & names(last) != "(Intercept)"]
  put(set, "belsley_involved", if (length(inv) >= 2) paste(inv, collapse = ";") else "none")
  if (length(s$preds) >= 2) put(set, "max_vif", max(vif(f)))

  # influence: rows flagged by outlierTest at 0.05 (at most 10) and by Cook's
  # distance beyond the median of F(k, n - k) (the 10 largest), refit without them
  cd <- cooks.distance(f)
  cd_rows <- as.integer(names(cd))
  put(set, "max_cooks", max(cd, na.rm = TRUE))
  put(set, "max_cooks_row", cd_rows[which.max(cd)])
  ot <- outlierTest(f, cutoff = 0.05, n.max = 10)
  orows <- as.integer(names(ot$bonf.p))[ot$bonf.p <= 0.05]
  big <- which(pf(cd, k, n - k) > 0.5)
  big <- big[order(-cd[big])][seq_len(min(10, length(big)))]
  rows <- sort(unique(c(orows, cd_rows[big])))
  put(set, "outlier_bonf_p", min(1, min(ot$bonf.p)))
  put(set, "flagged_rows", if (length(rows)) paste(rows, collapse = ";") else "none")
  if (length(rows)) {
    w2 <- w; w2[rows] <- 0
    f2 <- fit_of(s, w = w2)
    se <- sqrt(diag(vcov(f)))
    refit[[length(refit) + 1]] <- data.frame(dataset = set, name = names(coef(f2)),
                                             estimate = coef(f2),
                                             change_in_se = (coef(f2) - coef(f)) / se)
    put(set, "max_change_in_se", max(abs((coef(f2) - coef(f)) / se), na.rm = TRUE))
  }
}
wcsv(do.call(rbind, vals), file.path(out, "values.csv"))
wcsv(do.call(rbind, curv), file.path(out, "curvature.csv"))
wcsv(do.call(rbind, refit), file.path(out, "refit.csv"))
cat("wrote", out, "\n")
