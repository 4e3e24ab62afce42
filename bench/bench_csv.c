/* CSV reader throughput against the hardware floor, in one run:
 *   floor    read() of the whole file in 1 MiB blocks into one buffer (page cache)
 *   linreg   lr_frame_read_csv (parse + columns)
 *   naive    fgets + strtod per cell, the usual hand-written reader
 * Each is run REPS times after one warm-up read; the best and the median
 * wall time are reported as MB/s (10^6 bytes per second).
 * usage: bench_csv FILE.csv [REPS] */
#define _POSIX_C_SOURCE 200809L
#include "linreg.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double read_floor(const char *path)
{
    static char buf[1 << 20];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    double t0 = now();
    while (read(fd, buf, sizeof buf) > 0)
        ;
    double t = now() - t0;
    close(fd);
    return t;
}

static double naive(const char *path, size_t *cells)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    static char line[1 << 16];
    double t0 = now(), sum = 0;
    size_t n = 0;
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *p = line, *e;
        for (;;) {
            double v = strtod(p, &e);
            if (e == p)
                break;
            sum += v;
            n++;
            p = *e == ',' ? e + 1 : e;
        }
    }
    double t = now() - t0;
    fclose(f);
    *cells = n + (sum == 12345.678); /* keep sum alive */
    return t;
}

static double linreg_read(const char *path, size_t *rows, size_t *cols)
{
    lr_frame *fr = NULL;
    double t0 = now();
    lr_status st = lr_frame_read_csv(path, NULL, &fr);
    double t = now() - t0;
    if (st != LR_OK) {
        fprintf(stderr, "lr_frame_read_csv: %s\n", lr_last_error());
        return -1;
    }
    *rows = lr_frame_nrows(fr);
    *cols = lr_frame_ncols(fr);
    lr_frame_free(fr);
    return t;
}

static void report(const char *name, double *t, int reps, double mb, double floor_best)
{
    qsort(t, (size_t)reps, sizeof *t, cmp);
    printf("%-8s best %7.3f s %8.0f MB/s   median %7.3f s %8.0f MB/s   floor/best %5.2f\n", name,
           t[0], mb / t[0], t[reps / 2], mb / t[reps / 2], floor_best > 0 ? floor_best / t[0] : 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_csv FILE.csv [REPS]\n");
        return 2;
    }
    const char *path = argv[1];
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    if (reps < 1 || reps > 100)
        reps = 5;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        perror(path);
        return 1;
    }
    double mb = (double)sb.st_size / 1e6;
    double tf[100], tl[100], tn[100];
    size_t rows = 0, cols = 0, cells = 0;
    read_floor(path); /* warm the page cache */
    for (int i = 0; i < reps; i++) {
        tf[i] = read_floor(path);
        tl[i] = linreg_read(path, &rows, &cols);
        if (tl[i] < 0)
            return 1;
    }
    int nreps = reps < 3 ? reps : 3;
    for (int i = 0; i < nreps; i++)
        tn[i] = naive(path, &cells);
    printf("file %s: %.1f MB, %zu rows x %zu columns\n", path, mb, rows, cols);
    report("floor", tf, reps, mb, 0);
    double fb = tf[0];
    report("linreg", tl, reps, mb, fb);
    report("naive", tn, nreps, mb, fb);
    return 0;
}
