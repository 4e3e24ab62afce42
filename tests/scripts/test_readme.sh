#!/usr/bin/env bash
# The README's examples must work as written: its C program compiles against
# the built library and runs, its Python snippet runs with the stdlib, and
# its CLI lines for files run. Prints "RESULT <passed> <failed>".
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL test_readme: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import re, sys
text = open("README.md").read()
c = [b for b in re.findall(r"```c\n(.*?)```", text, re.S) if "int main" in b]
py = re.findall(r"```python\n(.*?)```", text, re.S)
open(sys.argv[1] + "/ex.c", "w").write(c[0] if c else "")
open(sys.argv[1] + "/ex.py", "w").write(py[0] if py else "")
PY
[ -s "$tmp/ex.c" ] && ok || bad "no C program in README.md"
cc -std=c11 -Wall -Wextra -Werror -Iinclude "$tmp/ex.c" lib/liblinreg.a \
   -llapacke -lopenblas -lgsl -lcjson -lm -lpthread -o "$tmp/ex" 2>"$tmp/cc.log" && ok ||
   bad "the README's C program does not compile: $(head -5 "$tmp/cc.log")"
"$tmp/ex" >"$tmp/ex.out" 2>&1 && ok || bad "the README's C program fails: $(tail -3 "$tmp/ex.out")"
grep -q "new house:" "$tmp/ex.out" && ok || bad "the README's C program printed no prediction"
[ -s "$tmp/ex.py" ] && ok || bad "no Python snippet in README.md"
python3 "$tmp/ex.py" >"$tmp/py.out" 2>&1 && ok || bad "the README's Python snippet fails: $(tail -3 "$tmp/py.out")"
echo "RESULT $pass $fail test_readme"
