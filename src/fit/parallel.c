/* Chunked, optionally row-parallel accumulation: the rows are cut into
 * fixed chunks, each chunk is factored by its own accumulator, and the
 * chunk factors are merged in chunk order. The chunking depends neither on
 * the number of cores nor on whether threads are used, so the result is
 * bit-identical on any machine.
 *
 * Threads are used only when OpenBLAS itself runs single-threaded
 * (OPENBLAS_NUM_THREADS=1 or a serial build): OpenBLAS serializes
 * concurrent calls from several user threads while its own thread pool is
 * active, which made the row-parallel fit 4x slower than one thread with
 * OpenBLAS's own threading (bench/bench_fit, n = 1e6, p = 50). Reading the
 * OpenBLAS thread count changes nothing global. */
#include "model.h"

#include <cblas.h>

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_ROWS ((size_t)1 << 17)
#define MAX_THREADS 8

typedef struct {
    lr_acc_core acc;
    lr_status st;
    char msg[512];
} chunk;

typedef struct {
    chunk *chunks;
    size_t nchunks, m;
    atomic_size_t next;
    int intercept;
    const lr_matrix *X;
    const lr_vector *y, *w;
    const char *const *names;
} job;

static void run_chunk(job *jb, size_t c)
{
    chunk *ch = &jb->chunks[c];
    const size_t first = c * CHUNK_ROWS, n = jb->X->rows;
    const size_t rows = n - first < CHUNK_ROWS ? n - first : CHUNK_ROWS;
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
    if (ch->st != LR_OK)
        snprintf(ch->msg, sizeof ch->msg, "%s", lr_last_error());
}

static void *worker(void *arg)
{
    job *jb = arg;
    for (;;) {
        size_t c = atomic_fetch_add(&jb->next, 1);
        if (c >= jb->nchunks)
            break;
        run_chunk(jb, c);
    }
    return NULL;
}

lr_status lr__acc_add_parallel(lr_acc_core *acc, int intercept, const lr_matrix *X,
                               const lr_vector *y, const lr_vector *w, const char *const *names)
{
    const size_t n = X->rows;
    if (n < 2 * CHUNK_ROWS)
        return lr__acc_add_rows(acc, intercept, X, y, w, names);
    job jb;
    memset(&jb, 0, sizeof jb);
    jb.nchunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
    jb.m = acc->m;
    jb.intercept = intercept;
    jb.X = X;
    jb.y = y;
    jb.w = w;
    jb.names = names;
    atomic_init(&jb.next, 0);
    jb.chunks = lr__calloc(jb.nchunks, sizeof(chunk));
    if (!jb.chunks)
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu row chunks", jb.nchunks);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nthreads = cpus > 1 && openblas_get_num_threads() == 1 ? (size_t)cpus : 1;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if (nthreads > jb.nchunks)
        nthreads = jb.nchunks;
    pthread_t tids[MAX_THREADS];
    size_t started = 0;
    for (size_t t = 1; t < nthreads; t++, started++)
        if (pthread_create(&tids[started], NULL, worker, &jb) != 0)
            break;
    worker(&jb); /* the calling thread works too */
    for (size_t t = 0; t < started; t++)
        pthread_join(tids[t], NULL);

    lr_status st = LR_OK;
    for (size_t c = 0; c < jb.nchunks; c++) {
        if (st == LR_OK && jb.chunks[c].st != LR_OK)
            st = lr__fail(jb.chunks[c].st, "%s", jb.chunks[c].msg);
        if (st == LR_OK)
            st = lr__acc_merge(acc, &jb.chunks[c].acc);
        lr__acc_destroy(&jb.chunks[c].acc);
    }
    free(jb.chunks);
    return st;
}
