/* Data frames: named columns, numeric or categorical, with missing values,
 * read from CSV or built from C arrays (src/data/). Part of linreg.h;
 * include that. */
#ifndef LINREG_FRAME_H
#define LINREG_FRAME_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_frame lr_frame;

/* The type of a frame column. */
typedef enum lr_column_type {
    LR_COLUMN_NUMERIC = 0,    /* doubles; a missing cell is NaN */
    LR_COLUMN_CATEGORICAL = 1 /* level codes into a sorted table of level texts; missing = -1 */
} lr_column_type;

typedef struct lr_csv_options {
    char delimiter;                 /* ',' (default), ';', '\t' or any byte but '"', CR, LF, NUL */
    int header;                     /* 1 (default): the first record names the columns;
                                       0: no header, columns are named V1, V2, ... (as R) */
    const char *const *na_strings;  /* NULL-terminated list of cell texts read as missing
                                       (compared after trimming blanks, quoted or not);
                                       NULL (default) = "", "NA", "NaN", "null" */
    const char *const *numeric;     /* NULL-terminated names of columns that must be numeric:
                                       a cell that is neither a number nor missing is an
                                       error. NULL (default): none forced */
    const char *const *categorical; /* NULL-terminated names of columns read as categorical
                                       even when every cell is a number. NULL: none */
} lr_csv_options;

/* Fills *opts with the defaults above. */
LR_API void lr_csv_options_init(lr_csv_options *opts);

/* Reads a CSV file (RFC 4180): quoted fields with embedded delimiters,
 * doubled quotes and newlines; LF, CRLF or CR line ends; an optional UTF-8
 * byte-order mark; blank lines skipped; blanks around unquoted cells
 * trimmed. The file is streamed in blocks (memory: the parsed columns plus
 * one block). Types are inferred per column: numeric when every non-missing
 * cell is a number (the same double as strtod in the C locale, whatever the
 * process locale), else categorical with its levels sorted bytewise (R's
 * sort() in the C locale); opts can force either. A column found to be
 * categorical after the first 1 MiB makes the reader read the file a second
 * time (it must then be a regular file, not a pipe). Numbers with up to 19
 * digits are converted without strtod, still correctly rounded (see
 * docs/data.md). Errors name the file, line, column
 * and offending text: LR_ERR_IO (cannot open/read), LR_ERR_PARSE (ragged
 * row, unterminated quote, text after a closing quote, a non-number in a
 * forced-numeric column, duplicate or empty column names), LR_ERR_EMPTY (no
 * header or no data row), LR_ERR_NOT_FOUND (a forced column not in the
 * header). opts may be NULL. Caller frees *frame with lr_frame_free. */
LR_API lr_status lr_frame_read_csv(const char *path, const lr_csv_options *opts, lr_frame **frame);
/* The same from len bytes of text in memory; source names it in messages. */
LR_API lr_status lr_frame_parse_csv(const char *text, size_t len, const char *source,
                                    const lr_csv_options *opts, lr_frame **frame);
LR_API void lr_frame_free(lr_frame *frame);

/* A frame built from C arrays: create with nrows rows, then add columns.
 * Caller frees *frame with lr_frame_free. */
LR_API lr_status lr_frame_create(size_t nrows, lr_frame **frame);
/* Adds a numeric column, copying nrows values; NaN marks a missing cell.
 * Errors: duplicate or empty name. */
LR_API lr_status lr_frame_add_numeric(lr_frame *frame, const char *name, const double *values);
/* Adds a categorical column, copying nrows texts; NULL marks a missing
 * cell. Levels are the distinct texts sorted bytewise. */
LR_API lr_status lr_frame_add_categorical(lr_frame *frame, const char *name,
                                          const char *const *values);

LR_API size_t lr_frame_nrows(const lr_frame *frame);
LR_API size_t lr_frame_ncols(const lr_frame *frame);
/* Name of column j; borrowed, valid while the frame lives; NULL if out of range. */
LR_API const char *lr_frame_name(const lr_frame *frame, size_t j);
/* Index of the column called name, or LR_ERR_NOT_FOUND naming it. */
LR_API lr_status lr_frame_find(const lr_frame *frame, const char *name, size_t *index);
/* Type of column j (LR_COLUMN_NUMERIC if j is out of range). */
LR_API lr_column_type lr_frame_column_type(const lr_frame *frame, size_t j);
/* The nrows values of numeric column j, contiguous, NaN where missing;
 * borrowed, valid while the frame lives; NULL if j is out of range or the
 * column is categorical. */
LR_API const double *lr_frame_column(const lr_frame *frame, size_t j);
/* The nrows level codes (0 .. nlevels-1, -1 where missing) of categorical
 * column j; borrowed; NULL if out of range or numeric. */
LR_API const int *lr_frame_codes(const lr_frame *frame, size_t j);
/* Number of levels of categorical column j (0 for a numeric column). */
LR_API size_t lr_frame_nlevels(const lr_frame *frame, size_t j);
/* Text of level l of categorical column j; borrowed; NULL if out of range. */
LR_API const char *lr_frame_level(const lr_frame *frame, size_t j, size_t l);
/* Number of missing cells in column j. */
LR_API size_t lr_frame_nmissing(const lr_frame *frame, size_t j);
/* 1 when cell (i, j) is missing, else 0 (also 0 when out of range). */
LR_API int lr_frame_is_missing(const lr_frame *frame, size_t i, size_t j);

#ifdef __cplusplus
}
#endif

#endif
