/* SPDX-License-Identifier: MIT
 * grader/sha256.c -- the ll_sha256 wrapper over libcrypto's EVP digests.
 */
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "engine/base.h"

int
ll_sha256_init(ll_sha256 *s)
{
    s->ctx = EVP_MD_CTX_new();
    if (s->ctx == NULL)
        return LL_ENOMEM;
    if (EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL) != 1) {
        ll_sha256_close(s);
        return LL_ENOMEM;
    }
    return LL_OK;
}

void
ll_sha256_update(ll_sha256 *s, const void *data, size_t n)
{
    if (s->ctx != NULL && n > 0)
        EVP_DigestUpdate(s->ctx, data, n);
}

int
ll_sha256_hex(ll_sha256 *s, char out[65])
{
    static const char hexd[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    int rc = LL_OK;

    out[0] = '\0';
    if (s->ctx == NULL || EVP_DigestFinal_ex(s->ctx, md, &n) != 1 || n != 32)
        rc = LL_ENOMEM;
    for (i = 0; rc == LL_OK && i < 32; i++) {
        out[2 * i] = hexd[md[i] >> 4];
        out[2 * i + 1] = hexd[md[i] & 15];
    }
    if (rc == LL_OK)
        out[64] = '\0';
    ll_sha256_close(s);
    return rc;
}

void
ll_sha256_close(ll_sha256 *s)
{
    EVP_MD_CTX_free(s->ctx);
    s->ctx = NULL;
}

int
ll_sha256_file(const char *path, size_t max, char out[65], bool *too_big)
{
    enum { CHUNK = 1u << 16 };
    char *buf;
    size_t total = 0;
    struct stat st;
    ll_sha256 h;
    int fd, rc;

    *too_big = false;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? LL_ENOENT : LL_EIO;
    buf = ll_malloc(CHUNK);
    if (buf == NULL || (rc = ll_sha256_init(&h)) != LL_OK) {
        ll_free(buf);
        close(fd);
        return LL_ENOMEM;
    }
    for (;;) {
        size_t want = max + 1 - total;
        ssize_t r;
        if (want > CHUNK)
            want = CHUNK;
        r = read(fd, buf, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = LL_EIO;
            break;
        }
        if (r == 0)
            break;
        ll_sha256_update(&h, buf, (size_t)r);
        total += (size_t)r;
        if (total > max) {
            /* Stop reading: the size stands for the rest. */
            char sz[48];
            int k;
            *too_big = true;
            if (fstat(fd, &st) != 0) {
                rc = LL_EIO;
                break;
            }
            sz[0] = '\0';
            k = snprintf(sz + 1, sizeof sz - 1, "%lld", (long long)st.st_size);
            ll_sha256_update(&h, sz, (size_t)k + 1);
            break;
        }
    }
    close(fd);
    ll_free(buf);
    if (rc != LL_OK) {
        ll_sha256_close(&h);
        return rc;
    }
    return ll_sha256_hex(&h, out);
}
