/* The frame object and the level tables shared by the CSV reader and the
 * frame constructors. Not installed. */
#ifndef LR_FRAME_INTERNAL_H
#define LR_FRAME_INTERNAL_H

#include "../core/internal.h"

#include <stdint.h>

/* Distinct level texts of a categorical column, in order of first
 * appearance while building (codes index texts), with a hash index. */
typedef struct lr__levels {
    char **texts;
    size_t *lens;
    size_t n, cap;
    int32_t *slots;  /* open addressing: code + 1, 0 = empty */
    size_t nslots;   /* power of two */
} lr__levels;

typedef struct lr__column {
    char *name;
    lr_column_type type;
    double *num;      /* numeric: values, NaN where missing */
    int *codes;       /* categorical: level codes, -1 where missing */
    lr__levels levels;
    size_t nmissing;
} lr__column;

struct lr_frame {
    size_t nrows, ncols;
    size_t cap;       /* rows allocated in every column */
    lr__column *cols;
};

/* The code of text[0..len) in the table, adding it when new; -1 on no memory. */
int lr__levels_intern(lr__levels *lv, const char *text, size_t len);
void lr__levels_free(lr__levels *lv);

/* Appends an empty column (no storage yet); LR_ERR_NOMEM. */
lr_status lr__frame_add_column(lr_frame *f, const char *name, size_t len);
/* Makes every column hold cap rows (allocating the storage of its type). */
lr_status lr__frame_reserve(lr_frame *f, size_t cap);
/* Switches column j to categorical storage for cap rows, rows 0..nrows-1 missing. */
lr_status lr__column_to_categorical(lr__column *c, size_t cap, size_t nrows);
/* Sorts the levels of every categorical column bytewise (R's sort in the C
 * locale) and renumbers the codes; counts missing cells; trims storage. */
lr_status lr__frame_finish(lr_frame *f);

#endif
