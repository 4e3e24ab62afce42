/* Data frames: named columns read from CSV. Part of linreg.h; include that. */
#ifndef LINREG_FRAME_H
#define LINREG_FRAME_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_frame lr_frame;

typedef struct lr_csv_options {
    char delimiter; /* ',' (default), ';' or '\t' */
} lr_csv_options;

/* Fills *opts with the defaults. */
LR_API void lr_csv_options_init(lr_csv_options *opts);

/* Reads a CSV file with a header row (RFC 4180: quoted fields with
 * embedded delimiters, quotes and newlines; LF or CRLF; optional UTF-8
 * BOM). Every cell must be a number. Errors name the file, line, column
 * and offending text (LR_ERR_IO, LR_ERR_PARSE, LR_ERR_EMPTY). opts may be
 * NULL. Caller frees *frame with lr_frame_free. */
LR_API lr_status lr_frame_read_csv(const char *path, const lr_csv_options *opts, lr_frame **frame);
/* The same from text in memory; source names it in messages. */
LR_API lr_status lr_frame_parse_csv(const char *text, size_t len, const char *source,
                                    const lr_csv_options *opts, lr_frame **frame);
LR_API void lr_frame_free(lr_frame *frame);

LR_API size_t lr_frame_nrows(const lr_frame *frame);
LR_API size_t lr_frame_ncols(const lr_frame *frame);
/* Name of column j; borrowed, valid while the frame lives; NULL if out of range. */
LR_API const char *lr_frame_name(const lr_frame *frame, size_t j);
/* Index of the column called name, or LR_ERR_NOT_FOUND naming it. */
LR_API lr_status lr_frame_find(const lr_frame *frame, const char *name, size_t *index);
/* The nrows values of numeric column j, contiguous; borrowed, valid while
 * the frame lives; NULL if j is out of range. */
LR_API const double *lr_frame_column(const lr_frame *frame, size_t j);

#ifdef __cplusplus
}
#endif

#endif
