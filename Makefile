# linreg — build, test, install. See README.md.
#   make            library (lib/liblinreg.so, lib/liblinreg.a) and CLI (bin/linreg)
#   make test       whole test suite; SANITIZE=1 runs it under ASan + UBSan
#   make bench      benchmarks (bench/)
#   make demo       the house-price example end to end
#   make deps       install the Debian packages the build needs
#   make install PREFIX=/usr/local [DESTDIR=...]

VERSION   := 0.1.0
SOVERSION := 0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc

WARN      := -Wall -Wextra -Wpedantic -std=c11
CPPFLAGS  += -Iinclude -D_POSIX_C_SOURCE=200809L
CFLAGS    ?= -O2 -g
LIB_LIBS  := -llapacke -lopenblas -lgsl -lcjson -lm -lpthread

ifeq ($(SANITIZE),1)
BUILD     := build/san
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD     := build/rel
SANFLAGS  :=
endif

LIB_SRC   := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*' -not -path 'src/s3/*'))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
HEADERS   := $(shell find include src -name '*.h')

SO_NAME   := liblinreg.so.$(SOVERSION)
STATIC    := $(BUILD)/liblinreg.a
ifeq ($(SANITIZE),1)
CLI       := $(BUILD)/bin/linreg
else
CLI       := bin/linreg
endif

.PHONY: all shared static cli s3 test bench demo deps deps-check install uninstall clean
all: deps-check shared static cli s3

deps-check:
	@scripts/deps.sh --check-or-install

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(SANFLAGS) -fPIC -fvisibility=hidden -DLR_BUILDING_LIBRARY -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

static: $(STATIC)
ifneq ($(SANITIZE),1)
	@mkdir -p lib && cp $(STATIC) lib/liblinreg.a
endif

# The sanitizer build's shared library goes to build/san/lib (linked with the
# sanitizer runtime, for the Python tests under ASan), so it never replaces
# the release lib/liblinreg.so.
ifeq ($(SANITIZE),1)
SHLIB_DIR := $(BUILD)/lib
else
SHLIB_DIR := lib
endif
shared: $(SHLIB_DIR)/liblinreg.so.$(VERSION)
$(SHLIB_DIR)/liblinreg.so.$(VERSION): $(LIB_OBJ)
	@mkdir -p $(SHLIB_DIR)
	$(CC) -shared -Wl,-soname,$(SO_NAME) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LIB_LIBS)
	ln -sf liblinreg.so.$(VERSION) $(SHLIB_DIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(SHLIB_DIR)/liblinreg.so

cli: $(CLI)
# Optional S3 module: lib/liblinreg_s3.so from src/s3 (the only part that
# links libcurl), plus its test program run by tests/scripts/test_s3.sh.
S3_SRC    := $(sort $(wildcard src/s3/*.c))
S3_OBJ    := $(S3_SRC:%.c=$(BUILD)/%.o)
S3_LIB    := $(SHLIB_DIR)/liblinreg_s3.so.$(VERSION)
S3_TEST   := $(BUILD)/tests/s3/test_s3

# The CLI carries the S3 module (and so links libcurl); the core library does not.
$(CLI): $(CLI_OBJ) $(S3_OBJ) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $(CLI_OBJ) $(S3_OBJ) $(STATIC) -lcurl $(LIB_LIBS)

$(BUILD)/tests/%: tests/%.c $(STATIC) $(HEADERS) tests/test_util.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(SANFLAGS) -o $@ $< $(STATIC) $(LIB_LIBS)


s3: $(S3_LIB)
$(S3_LIB): $(S3_OBJ) $(BUILD)/src/io/sha256.o $(SHLIB_DIR)/liblinreg.so.$(VERSION)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,liblinreg_s3.so.$(SOVERSION) $(CFLAGS) $(SANFLAGS) -o $@ $(S3_OBJ) \
		$(BUILD)/src/io/sha256.o -L$(SHLIB_DIR) -llinreg -lcurl -lpthread
	ln -sf liblinreg_s3.so.$(VERSION) $(dir $@)liblinreg_s3.so.$(SOVERSION)
	ln -sf liblinreg_s3.so.$(SOVERSION) $(dir $@)liblinreg_s3.so

$(S3_TEST): tests/s3/test_s3.c $(S3_OBJ) $(STATIC) $(HEADERS) tests/test_util.h tests/persist_util.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(SANFLAGS) -o $@ $< $(S3_OBJ) $(STATIC) -lcurl $(LIB_LIBS)

# deps-check runs first, so a fresh machine gets its packages before compiling
test: deps-check
	@$(MAKE) --no-print-directory $(TEST_BIN) $(CLI) shared static s3 $(S3_TEST)
	@BUILD=$(BUILD) CLI=$(CLI) SHLIB_DIR=$(SHLIB_DIR) scripts/run_tests.sh $(TEST_BIN)

bench: all
	@$(MAKE) -C bench run

demo: all
	@scripts/demo.sh

deps:
	@scripts/deps.sh --install

ifeq ($(SANITIZE),1)
install:
	@echo "make install installs the release build: run it without SANITIZE=1" >&2; exit 1
else
install: shared static cli s3
	install -d $(DESTDIR)$(PREFIX)/include/linreg $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/bin
	install -m 644 include/linreg.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/linreg/*.h $(DESTDIR)$(PREFIX)/include/linreg/
	install -m 755 lib/liblinreg.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf liblinreg.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(PREFIX)/lib/liblinreg.so
	install -m 644 lib/liblinreg.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 bin/linreg $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/linreg_s3.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 lib/liblinreg_s3.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf liblinreg_s3.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/liblinreg_s3.so.$(SOVERSION)
	ln -sf liblinreg_s3.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/liblinreg_s3.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' linreg.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/linreg.pc
endif

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/include/linreg
	rm -f $(DESTDIR)$(PREFIX)/include/linreg.h $(DESTDIR)$(PREFIX)/include/linreg_s3.h \
		$(DESTDIR)$(PREFIX)/lib/liblinreg.* $(DESTDIR)$(PREFIX)/lib/liblinreg_s3.* \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/linreg.pc $(DESTDIR)$(PREFIX)/bin/linreg

clean:
	rm -rf build lib bin
