/* Writes the CSV benchmark file: a header y,x1,...,x10 and ROWS rows of
 * standard normal numbers printed with 15 significant digits, the way R's
 * write.csv writes doubles (about 215 MB for 10^6 rows). With --digits 17
 * every number has 17 significant digits (shortest round-trip text of an
 * arbitrary double), which sends most numbers off Clinger's path to the
 * checked double-double one. With --mixed the last three of the eleven
 * columns are quoted categories ("yes"/"no", "A".."E", "north"...).
 * usage: gen_csv OUT.csv [ROWS] [--digits 15|17] [--mixed] */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;

static double uniform(void) /* xorshift64*: deterministic across platforms */
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return ((state * 0x2545F4914F6CDD1Dull) >> 11) * 0x1p-53;
}

static double normal(void) /* Box-Muller */
{
    double u = uniform(), v = uniform();
    return sqrt(-2.0 * log(u > 0 ? u : 0x1p-60)) * cos(6.283185307179586 * v);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen_csv OUT.csv [ROWS] [--digits 15|17]\n");
        return 2;
    }
    long rows = 1000000;
    int digits = 15, mixed = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--digits") && i + 1 < argc)
            digits = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--mixed"))
            mixed = 1;
        else
            rows = atol(argv[i]);
    }
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fputs("y", f);
    for (int j = 1; j <= 10; j++)
        fprintf(f, ",x%d", j);
    fputc('\n', f);
    static const char *const cats[3][5] = {{"yes", "no", "yes", "no", "no"},
                                           {"A", "B", "C", "D", "E"},
                                           {"north", "south", "east", "west", "centre"}};
    for (long i = 0; i < rows; i++)
        for (int j = 0; j < 11; j++) {
            if (mixed && j >= 8)
                fprintf(f, "\"%s\"", cats[j - 8][(int)(uniform() * 5)]);
            else
                fprintf(f, "%.*g", digits, normal());
            fputc(j == 10 ? '\n' : ',', f);
        }
    if (fclose(f)) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
