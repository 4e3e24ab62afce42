/* The built-in file backend: atomic, create-only (unless overwriting)
 * writes, whole-file reads, deletion and directory listing. */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_DOCUMENT_BYTES ((size_t)1 << 31)

/* Directory part of path ("." when none) and the final component. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return lr__strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static lr_status write_all(int fd, const char *data, size_t len, const char *tmp)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return lr__fail(LR_ERR_IO, "cannot write '%.300s': %s", tmp, strerror(errno));
        }
        data += w;
        len -= (size_t)w;
    }
    return LR_OK;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse fsync on a directory */
        close(fd);
    }
}

lr_status lr__file_save(const char *path, const char *data, size_t len, unsigned flags)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!base[0])
        return lr__fail(LR_ERR_INVALID_ARG, "'%.300s' names a directory, not a file", path);
    char *dir = dir_of(path);
    size_t tlen = strlen(path) + 64;
    char *tmp = malloc(tlen);
    if (!dir || !tmp) {
        free(dir);
        free(tmp);
        return lr__fail(LR_ERR_NOMEM, "cannot build a temporary file name");
    }
    /* A unique name in the same directory, so the final rename or link is
     * atomic; created with O_EXCL and mode 0666 so the umask applies. */
    int fd = -1;
    static _Thread_local unsigned counter;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        unsigned r = (unsigned)time(NULL) ^ (unsigned)(size_t)&attempt ^ (++counter * 2654435761u);
        snprintf(tmp, tlen, "%.*s.%s.%ld.%08x.tmp", (int)(base - path), path, base, (long)getpid(), r);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    lr_status st = LR_OK;
    if (fd < 0) {
        st = lr__fail(errno == ENOENT ? LR_ERR_NOT_FOUND : LR_ERR_IO,
                      "cannot create a file in '%.300s': %s", dir, strerror(errno));
        goto done;
    }
    st = write_all(fd, data, len, tmp);
    if (st == LR_OK && fsync(fd) != 0)
        st = lr__fail(LR_ERR_IO, "cannot flush '%.300s' to disk: %s", tmp, strerror(errno));
    if (close(fd) != 0 && st == LR_OK)
        st = lr__fail(LR_ERR_IO, "cannot close '%.300s': %s", tmp, strerror(errno));
    if (st != LR_OK) {
        unlink(tmp);
        goto done;
    }
    if (flags & LR_SAVE_OVERWRITE) {
        if (rename(tmp, path) != 0)
            st = lr__fail(LR_ERR_IO, "cannot rename '%.300s' to '%.300s': %s", tmp, path,
                          strerror(errno));
    } else if (link(tmp, path) != 0) {
        /* link() fails if the target exists: an atomic create-only publish. */
        int e = errno;
        if (e == EEXIST) {
            st = lr__fail(LR_ERR_CONFLICT, "'%.300s' already exists (save with overwrite to "
                          "replace it)", path);
        } else if (e == EPERM || e == ENOTSUP || e == EMLINK || e == EXDEV) {
            /* File systems without hard links: check, then rename (not atomic
             * against a concurrent writer of the same name). */
            struct stat sb;
            if (stat(path, &sb) == 0)
                st = lr__fail(LR_ERR_CONFLICT, "'%.300s' already exists (save with overwrite to "
                              "replace it)", path);
            else if (rename(tmp, path) != 0)
                st = lr__fail(LR_ERR_IO, "cannot rename '%.300s' to '%.300s': %s", tmp, path,
                              strerror(errno));
        } else {
            st = lr__fail(LR_ERR_IO, "cannot create '%.300s': %s", path, strerror(e));
        }
    }
    unlink(tmp); /* after link(); a no-op after a successful rename */
    if (st == LR_OK)
        sync_dir(dir);
done:
    free(dir);
    free(tmp);
    return st;
}

lr_status lr__file_load(const char *path, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return lr__fail(errno == ENOENT ? LR_ERR_NOT_FOUND : LR_ERR_IO, "cannot open '%.300s': %s",
                        path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return lr__fail(LR_ERR_IO, "'%.300s' is not a regular file", path);
    }
    if ((unsigned long long)sb.st_size > MAX_DOCUMENT_BYTES) {
        close(fd);
        return lr__fail(LR_ERR_IO, "'%.300s' is %lld bytes: too large for a model document", path,
                        (long long)sb.st_size);
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return lr__fail(LR_ERR_NOMEM, "cannot allocate %zu bytes for '%.300s'", cap, path);
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > MAX_DOCUMENT_BYTES) {
                free(buf);
                close(fd);
                return lr__fail(LR_ERR_IO, "'%.300s' is too large for a model document", path);
            }
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                close(fd);
                return lr__fail(LR_ERR_NOMEM, "cannot read '%.300s'", path);
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return lr__fail(LR_ERR_IO, "cannot read '%.300s': %s", path, strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return LR_OK;
}

lr_status lr__file_remove(const char *path)
{
    if (unlink(path) != 0)
        return lr__fail(errno == ENOENT ? LR_ERR_NOT_FOUND : LR_ERR_IO, "cannot delete '%.300s': %s",
                        path, strerror(errno));
    return LR_OK;
}

static void rfc3339(time_t t, char buf[32])
{
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        buf[0] = '\0';
}

lr_status lr__file_list(const char *prefix_url, const char *path, lr_model_list *out)
{
    struct stat sb;
    size_t ulen = strlen(prefix_url);
    int is_dir = ulen > 0 && prefix_url[ulen - 1] == '/';
    if (!is_dir && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        is_dir = 2; /* a directory named without the trailing '/' */
    char *dir, *url_dir;
    const char *name_prefix;
    if (is_dir) {
        dir = lr__strdup(path);
        url_dir = malloc(ulen + 2);
        if (url_dir)
            snprintf(url_dir, ulen + 2, "%s%s", prefix_url, is_dir == 2 ? "/" : "");
        name_prefix = "";
    } else {
        dir = dir_of(path);
        const char *slash = strrchr(prefix_url, '/');
        size_t keep = slash ? (size_t)(slash - prefix_url) + 1 : 0;
        url_dir = malloc(keep + 1);
        if (url_dir) {
            memcpy(url_dir, prefix_url, keep);
            url_dir[keep] = '\0';
        }
        const char *base = strrchr(path, '/');
        name_prefix = base ? base + 1 : path;
    }
    if (!dir || !url_dir) {
        free(dir);
        free(url_dir);
        return lr__fail(LR_ERR_NOMEM, "cannot list '%.300s'", prefix_url);
    }
    lr_status st = LR_OK;
    DIR *d = opendir(dir);
    if (!d) {
        st = lr__fail(errno == ENOENT ? LR_ERR_NOT_FOUND : LR_ERR_IO, "cannot list '%.300s': %s",
                      dir, strerror(errno));
        goto done;
    }
    size_t plen = strlen(name_prefix);
    struct dirent *e;
    while (st == LR_OK && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 5, ".json") ||
            strncmp(e->d_name, name_prefix, plen))
            continue;
        size_t flen = strlen(dir) + n + 2;
        char *file = malloc(flen), *url = malloc(strlen(url_dir) + n + 1);
        if (!file || !url) {
            free(file);
            free(url);
            st = lr__fail(LR_ERR_NOMEM, "cannot list '%.300s'", prefix_url);
            break;
        }
        snprintf(file, flen, "%s/%s", dir, e->d_name);
        sprintf(url, "%s%s", url_dir, e->d_name);
        if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode)) {
            char when[32];
            rfc3339(sb.st_mtime, when);
            st = lr_model_list_add(out, url, (long long)sb.st_size, when);
        }
        free(file);
        free(url);
    }
    closedir(d);
done:
    free(dir);
    free(url_dir);
    return st;
}
