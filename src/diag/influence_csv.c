/* The per-row influence measures as CSV (linreg fit --influence FILE.csv),
 * written block by block while the influence pass runs: no per-row
 * storage. */
#include "influence_pass.h"

#include <math.h>
#include <string.h>

typedef struct {
    const lr_model *m;
    FILE *out;
    int failed;
} csv_ctx;

/* A header field: prefix + name, quoted (RFC 4180) when the text holds a
 * delimiter, quote or line break. */
static void put_field(FILE *out, const char *prefix, const char *name)
{
    int quote = strpbrk(prefix, ",\"\r\n") || strpbrk(name, ",\"\r\n");
    if (!quote) {
        fputs(prefix, out);
        fputs(name, out);
        return;
    }
    fputc('"', out);
    for (int part = 0; part < 2; part++)
        for (const char *s = part ? name : prefix; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
    fputc('"', out);
}

static void put_number(FILE *out, double v)
{
    char buf[40];
    if (!isfinite(v)) {
        fputs(",NA", out);
        return;
    }
    lr__format_double(buf, sizeof buf, v);
    fputc(',', out);
    fputs(buf, out);
}

static const lr_influence_measure csv_columns[] = {
    LR_INFL_HAT, LR_INFL_RSTANDARD, LR_INFL_RSTUDENT, LR_INFL_COOKS_D, LR_INFL_DFFITS,
    LR_INFL_COVRATIO,
};

static lr_status csv_visit(void *vctx, const lr__infl_block *blk)
{
    csv_ctx *c = vctx;
    const size_t p = c->m->p;
    for (size_t b = 0; b < blk->count; b++) {
        fprintf(c->out, "%zu", blk->first + b + 1);
        for (size_t q = 0; q < sizeof csv_columns / sizeof csv_columns[0]; q++)
            put_number(c->out, blk->v[csv_columns[q]][b]);
        for (size_t j = 0; j < p; j++)
            put_number(c->out, blk->dfbeta[b * p + j]);
        for (size_t j = 0; j < p; j++)
            put_number(c->out, blk->dfbetas[b * p + j]);
        fputs(blk->sw[b] == 0.0 ? ",NA\n" : blk->flags[b] ? ",1\n" : ",0\n", c->out);
    }
    if (ferror(c->out)) {
        c->failed = 1;
        return lr__fail(LR_ERR_IO, "writing the influence measures failed");
    }
    return LR_OK;
}

lr_status lr_influence_write_csv(const lr_model *model, FILE *out)
{
    lr__clear_error();
    if (!model || !out)
        return lr__fail(LR_ERR_INVALID_ARG, "model and out must not be NULL");
    lr_status st = lr__influence_check(model);
    if (st != LR_OK)
        return st;
    fputs("row,hat,rstandard,rstudent,cooks_d,dffits,covratio", out);
    for (int scaled = 0; scaled < 2; scaled++)
        for (size_t j = 0; j < model->p; j++) {
            fputc(',', out);
            put_field(out, scaled ? "dfbetas_" : "dfbeta_", model->names[j]);
        }
    fputs(",flagged\n", out);
    csv_ctx c = {model, out, 0};
    lr__infl_request req;
    memset(&req, 0, sizeof req);
    req.want_dfbeta = req.want_dfbetas = req.want_flags = 1;
    req.visit = csv_visit;
    req.ctx = &c;
    st = lr__influence_pass(model, &req);
    if (st == LR_OK && (fflush(out) != 0 || ferror(out)))
        st = lr__fail(LR_ERR_IO, "writing the influence measures failed");
    return st;
}
