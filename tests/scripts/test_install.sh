#!/usr/bin/env bash
# `make install PREFIX=...` installs the header, both libraries, the CLI and
# linreg.pc; a C program then builds with `cc prog.c $(pkg-config --cflags
# --libs linreg)` and runs. Prints "RESULT <passed> <failed>".
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL test_install: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the release build, even when the suite runs under SANITIZE=1
export -n MAKEFLAGS MAKELEVEL MFLAGS
unset MAKEFLAGS MAKELEVEL MFLAGS
make -s install SANITIZE=0 PREFIX="$tmp/prefix" >"$tmp/install.log" 2>&1 && ok || { bad "make install: $(tail -5 "$tmp/install.log")"; }
for f in include/linreg.h include/linreg/frame.h lib/liblinreg.a lib/liblinreg.so lib/liblinreg.so.0 \
         lib/pkgconfig/linreg.pc bin/linreg; do
    [ -e "$tmp/prefix/$f" ] && ok || bad "not installed: $f"
done
soname=$(objdump -p "$tmp/prefix/lib/liblinreg.so" 2>/dev/null | awk '/SONAME/ {print $2}')
[ "$soname" = "liblinreg.so.0" ] && ok || bad "soname is '$soname'"
# only the lr_ API is exported from the shared library
leaked=$(nm -D --defined-only "$tmp/prefix/lib/liblinreg.so" | awk '$2 ~ /[TDB]/ {print $3}' | grep -v '^lr_' | grep -v '^_' || true)
[ -z "$leaked" ] && ok || bad "non-lr_ symbols exported: $(echo $leaked | head -c 200)"

cat >"$tmp/prog.c" <<'C'
#include <linreg.h>
#include <stdio.h>
int main(void)
{
    double x[] = {1, 2, 3, 4, 5}, y[] = {2.1, 3.9, 6.2, 7.8, 10.1};
    lr_matrix X = lr_matrix_row_major(x, 5, 1);
    lr_vector Y = lr_vector_of(y, 5);
    lr_model *m = NULL;
    if (lr_fit(&X, &Y, NULL, NULL, &m) != LR_OK) {
        fprintf(stderr, "%s\n", lr_last_error());
        return 1;
    }
    double b[2];
    lr_model_coef_column(m, LR_COEF_ESTIMATE, 0.95, b, 2);
    printf("%.6f %.6f %s\n", b[0], b[1], lr_version());
    lr_model_free(m);
    return 0;
}
C
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs linreg) && ok || bad "pkg-config failed"
cc "$tmp/prog.c" $flags -o "$tmp/prog" 2>"$tmp/cc.log" && ok || bad "compile with pkg-config: $(cat "$tmp/cc.log")"
out=$(LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/prog" 2>&1)
# lm(y ~ x) for this data in R: intercept 0.05, slope 1.99
[ "$out" = "0.050000 1.990000 0.1.0" ] && ok || bad "program printed '$out'"
cc "$tmp/prog.c" -I"$tmp/prefix/include" "$tmp/prefix/lib/liblinreg.a" $(pkg-config --static --libs linreg | sed 's/-llinreg//') \
   -o "$tmp/prog_static" 2>"$tmp/cc2.log" && ok || bad "static link: $(cat "$tmp/cc2.log")"
[ "$("$tmp/prog_static" 2>&1)" = "0.050000 1.990000 0.1.0" ] && ok || bad "static program output"
make -s uninstall SANITIZE=0 PREFIX="$tmp/prefix" >/dev/null 2>&1 && [ ! -e "$tmp/prefix/lib/liblinreg.so" ] && ok || bad "uninstall"
echo "RESULT $pass $fail test_install"
