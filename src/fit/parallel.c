/* Fixed-chunk parallelism. Work over n rows is cut into chunks of 2^17
 * rows; each chunk is processed on its own (on worker threads when
 * allowed) and the per-chunk results are combined in chunk order. The
 * chunking depends neither on the number of cores nor on whether threads
 * are used, so results are bit-identical on any machine.
 *
 * Work that calls OpenBLAS (the accumulation) uses threads only when
 * OpenBLAS itself runs single-threaded (OPENBLAS_NUM_THREADS=1 or a serial
 * build): with its own pool active, OpenBLAS serializes concurrent calls
 * from several user threads, which made the row-parallel fit 4x slower
 * than one thread with OpenBLAS's threading (bench/bench_fit, n = 1e6,
 * p = 50). Reading the OpenBLAS thread count changes nothing global. */
#include "model.h"

#include <cblas.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 8

typedef struct {
    void (*fn)(void *ctx, size_t chunk);
    void *ctx;
    size_t nchunks;
    atomic_size_t next;
} runner;

static void *worker(void *arg)
{
    runner *r = arg;
    for (;;) {
        size_t c = atomic_fetch_add(&r->next, 1);
        if (c >= r->nchunks)
            break;
        r->fn(r->ctx, c);
    }
    return NULL;
}

void lr__parallel_chunks(size_t nchunks, int calls_blas, void (*fn)(void *ctx, size_t chunk),
                         void *ctx)
{
    runner r = {fn, ctx, nchunks, 0};
    atomic_init(&r.next, 0);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = cpus > 1 ? (size_t)cpus : 1;
    if (calls_blas && openblas_get_num_threads() != 1)
        nthreads = 1;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if (nthreads > nchunks)
        nthreads = nchunks;
    pthread_t tids[MAX_THREADS];
    size_t started = 0;
    for (size_t t = 1; t < nthreads; t++, started++)
        if (pthread_create(&tids[started], NULL, worker, &r) != 0)
            break;
    worker(&r); /* the calling thread works too; if no thread started, it does it all */
    for (size_t t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
}

/* ------------------------------------------------- chunked accumulation */

typedef struct {
    lr_acc_core acc;
    lr_status st;
    char msg[512];
} acc_chunk;

typedef struct {
    acc_chunk *chunks;
    size_t m;
    int intercept;
    const lr_matrix *X;
    const lr_vector *y, *w;
    const char *const *names;
} acc_job;

static void acc_chunk_run(void *ctx, size_t c)
{
    acc_job *jb = ctx;
    acc_chunk *ch = &jb->chunks[c];
    const size_t first = c * LR_CHUNK_ROWS, n = jb->X->rows;
    const size_t rows = n - first < LR_CHUNK_ROWS ? n - first : LR_CHUNK_ROWS;
    lr_matrix X = *jb->X;
    X.data += (ptrdiff_t)first * X.row_stride;
    X.rows = rows;
    lr_vector y = *jb->y;
    y.data += (ptrdiff_t)first * y.stride;
    y.len = rows;
    lr_vector w = {NULL, 0, 0};
    if (jb->w && jb->w->data) {
        w = *jb->w;
        w.data += (ptrdiff_t)first * w.stride;
        w.len = rows;
    }
    ch->st = lr__acc_init(&ch->acc, jb->m);
    if (ch->st == LR_OK) {
        ch->acc.rows_seen = first; /* row numbers in messages stay global */
        ch->st = lr__acc_add_rows(&ch->acc, jb->intercept, &X, &y, &w, jb->names);
    }
    if (ch->st == LR_OK)
        ch->st = lr__acc_flush(&ch->acc);
    if (ch->st != LR_OK) /* the message lives in this worker's thread-local buffer */
        snprintf(ch->msg, sizeof ch->msg, "%s", lr_last_error());
}

lr_status lr__acc_add_parallel(lr_acc_core *acc, int intercept, const lr_matrix *X,
                               const lr_vector *y, const lr_vector *w, const char *const *names)
{
    const size_t n = X->rows;
    if (n < 2 * LR_CHUNK_ROWS)
        return lr__acc_add_rows(acc, intercept, X, y, w, names);
    acc_job jb = {NULL, acc->m, intercept, X, y, w, names};
    const size_t nchunks = (n + LR_CHUNK_ROWS - 1) / LR_CHUNK_ROWS;
    jb.chunks = lr__calloc(nchunks, sizeof(acc_chunk));
    if (!jb.chunks)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu row chunks", nchunks);
    lr__parallel_chunks(nchunks, 1, acc_chunk_run, &jb);
    lr_status st = LR_OK;
    for (size_t c = 0; c < nchunks; c++) {
        if (st == LR_OK && jb.chunks[c].st != LR_OK)
            st = lr__fail(jb.chunks[c].st, "%s", jb.chunks[c].msg);
        if (st == LR_OK)
            st = lr__acc_merge(acc, &jb.chunks[c].acc);
        lr__acc_destroy(&jb.chunks[c].acc);
    }
    free(jb.chunks);
    return st;
}
