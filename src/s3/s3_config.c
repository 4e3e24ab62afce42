/* Configuration and credentials from the explicit options, the
 * environment and the shared AWS files (~/.aws/credentials, ~/.aws/config),
 * in the standard order (see linreg_s3.h). */
#include "s3_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set(char *dst, size_t cap, const char *src)
{
    if (!src || !src[0])
        return 0;
    snprintf(dst, cap, "%s", src);
    return 1;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] ? v : NULL;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
}

/* Looks key up in section of an INI file (the AWS shared file format).
 * In the config file a profile's section is "[profile NAME]" except
 * "[default]". Returns 1 and the value when found; *section_seen tells
 * whether the section exists. */
static int ini_lookup(const char *path, const char *profile, int config_file, const char *key,
                      char *out, size_t cap, int *section_seen)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char want[300];
    if (config_file && strcmp(profile, "default"))
        snprintf(want, sizeof want, "profile %s", profile);
    else
        snprintf(want, sizeof want, "%s", profile);
    char line[4096];
    int in = 0, found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        int indented = line[0] == ' ' || line[0] == '\t';
        trim(line);
        if (!line[0] || line[0] == '#' || line[0] == ';')
            continue;
        if (line[0] == '[') {
            char *end = strchr(line, ']');
            if (end)
                *end = '\0';
            char *name = line + 1;
            trim(name);
            /* "[profile  x]": collapse the space run after "profile" */
            if (!strncmp(name, "profile", 7) && (name[7] == ' ' || name[7] == '\t')) {
                char *rest = name + 7;
                while (*rest == ' ' || *rest == '\t')
                    rest++;
                char tmp[300];
                snprintf(tmp, sizeof tmp, "profile %s", rest);
                in = !strcmp(tmp, want);
            } else {
                in = !strcmp(name, want);
            }
            if (in && section_seen)
                *section_seen = 1;
            continue;
        }
        if (!in || indented) /* indented lines belong to a nested block (e.g. "s3 =") */
            continue;
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *k = line, *v = eq + 1;
        trim(k);
        trim(v);
        if (!strcmp(k, key)) {
            snprintf(out, cap, "%s", v);
            found = 1;
        }
    }
    fclose(f);
    return found;
}

static void shared_file(char *out, size_t cap, const char *env_name, const char *name)
{
    const char *p = env(env_name);
    if (p) {
        snprintf(out, cap, "%s", p);
        return;
    }
    const char *home = env("HOME");
    snprintf(out, cap, "%s/.aws/%s", home ? home : ".", name);
}

void lr_s3_options_init(lr_s3_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->path_style = -1;
}

lr_status s3_config_resolve(const lr_s3_options *opts, s3_config *cfg)
{
    lr_s3_options defaults;
    lr_s3_options_init(&defaults);
    const lr_s3_options *o = opts ? opts : &defaults;
    memset(cfg, 0, sizeof *cfg);
    cfg->max_attempts = o->max_attempts > 0 ? o->max_attempts : 4;
    cfg->max_retry_seconds = o->max_retry_seconds > 0 ? o->max_retry_seconds : 30.0;
    cfg->backoff_seconds = o->backoff_seconds > 0 ? o->backoff_seconds : 0.2;
    cfg->connect_timeout = o->connect_timeout > 0 ? o->connect_timeout : 10.0;
    cfg->request_timeout = o->request_timeout > 0 ? o->request_timeout : 60.0;

    char cred_file[1024], conf_file[1024];
    shared_file(cred_file, sizeof cred_file, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
    shared_file(conf_file, sizeof conf_file, "AWS_CONFIG_FILE", "config");
    const char *profile = o->profile && o->profile[0] ? o->profile : env("AWS_PROFILE");
    const int profile_named = profile != NULL;
    if (!profile)
        profile = "default";
    if (strlen(profile) > 200)
        return s3_fail(LR_ERR_INVALID_ARG, "the AWS profile name is too long");

    /* credentials */
    if (o->access_key_id && o->secret_access_key) {
        set(cfg->access_key, sizeof cfg->access_key, o->access_key_id);
        set(cfg->secret, sizeof cfg->secret, o->secret_access_key);
        set(cfg->token, sizeof cfg->token, o->session_token);
        snprintf(cfg->cred_source, sizeof cfg->cred_source, "lr_s3_options");
    } else if (!(o->profile && o->profile[0]) && env("AWS_ACCESS_KEY_ID") &&
               env("AWS_SECRET_ACCESS_KEY")) {
        set(cfg->access_key, sizeof cfg->access_key, env("AWS_ACCESS_KEY_ID"));
        set(cfg->secret, sizeof cfg->secret, env("AWS_SECRET_ACCESS_KEY"));
        set(cfg->token, sizeof cfg->token, env("AWS_SESSION_TOKEN"));
        snprintf(cfg->cred_source, sizeof cfg->cred_source, "the environment (AWS_ACCESS_KEY_ID)");
    } else {
        int seen = 0;
        const char *files[2] = {cred_file, conf_file};
        for (int f = 0; f < 2 && !cfg->access_key[0]; f++) {
            char id[256] = "", secret[256] = "";
            if (ini_lookup(files[f], profile, f == 1, "aws_access_key_id", id, sizeof id, &seen) &&
                ini_lookup(files[f], profile, f == 1, "aws_secret_access_key", secret, sizeof secret,
                           NULL)) {
                set(cfg->access_key, sizeof cfg->access_key, id);
                set(cfg->secret, sizeof cfg->secret, secret);
                ini_lookup(files[f], profile, f == 1, "aws_session_token", cfg->token,
                           sizeof cfg->token, NULL);
                snprintf(cfg->cred_source, sizeof cfg->cred_source, "profile '%s' in %.260s",
                         profile, files[f]);
            }
        }
        if (!cfg->access_key[0]) {
            if (profile_named && !seen)
                return s3_fail(LR_ERR_AUTH, "AWS profile '%s' not found in %.400s or %.400s",
                               profile, cred_file, conf_file);
            return s3_fail(LR_ERR_AUTH,
                           "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                           "or a profile in %.400s, or pass them in lr_s3_options", cred_file);
        }
    }

    /* region */
    if (!set(cfg->region, sizeof cfg->region, o->region) &&
        !set(cfg->region, sizeof cfg->region, env("AWS_REGION")) &&
        !set(cfg->region, sizeof cfg->region, env("AWS_DEFAULT_REGION")) &&
        !ini_lookup(conf_file, profile, 1, "region", cfg->region, sizeof cfg->region, NULL))
        snprintf(cfg->region, sizeof cfg->region, "us-east-1");
    for (const char *c = cfg->region; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return s3_fail(LR_ERR_INVALID_ARG, "'%s' is not an AWS region name", cfg->region);

    /* endpoint */
    if (!set(cfg->endpoint, sizeof cfg->endpoint, o->endpoint_url) &&
        !set(cfg->endpoint, sizeof cfg->endpoint, env("AWS_ENDPOINT_URL_S3")) &&
        !set(cfg->endpoint, sizeof cfg->endpoint, env("AWS_ENDPOINT_URL")))
        ini_lookup(conf_file, profile, 1, "endpoint_url", cfg->endpoint, sizeof cfg->endpoint, NULL);
    size_t n = strlen(cfg->endpoint);
    while (n > 0 && cfg->endpoint[n - 1] == '/')
        cfg->endpoint[--n] = '\0';
    if (n && strncmp(cfg->endpoint, "http://", 7) && strncmp(cfg->endpoint, "https://", 8))
        return s3_fail(LR_ERR_INVALID_ARG, "endpoint '%s' must start with http:// or https://",
                       cfg->endpoint);
    cfg->path_style = o->path_style >= 0 ? o->path_style != 0 : n > 0;
    return LR_OK;
}
