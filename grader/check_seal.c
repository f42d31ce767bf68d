/* SPDX-License-Identifier: MIT
 * grader/check_seal.c -- the Python harness's result stream is believed
 * only when it ends with the harness's seal (check_int.h).
 *
 * Each run gets a fresh key (through an inherited fd the harness reads and
 * closes before student code runs) and a nonce (on its command line). The
 * harness's seal thread ends the stream with one line
 *     #seal NONCE LINES SHA256 KIND HMAC-SHA256(key, "NONCE LINES SHA256 KIND")
 * (SHA256 of everything before the line, KIND "end" or "abort")
 * so a line the student wrote to fd 3, a summary printed before os._exit,
 * a replayed summary from another run or a second seal all fail here
 * (grader/python/looplab/_trust.py, docs/grading-trust.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "check_int.h"

int
check_seal_new(check_seal *s)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char raw[CHECK_SEAL_KEY + 8];
    size_t got = 0, i;

    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return LL_EIO;
        got += (size_t)n;
    }
    memcpy(s->key, raw, CHECK_SEAL_KEY);
    for (i = 0; i < 8; i++) {
        s->nonce[2 * i] = hex[raw[CHECK_SEAL_KEY + i] >> 4];
        s->nonce[2 * i + 1] = hex[raw[CHECK_SEAL_KEY + i] & 15];
    }
    s->nonce[16] = '\0';
    return LL_OK;
}

/* The lowercase hex of a 32-byte digest. */
static void
seal_hex(const unsigned char d[32], char out[65])
{
    size_t i;
    for (i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* SHA-256 of the stream body, through libcrypto as grader/sha256.c
 * does; false only when libcrypto fails. */
static bool
seal_digest_hex(const char *buf, size_t n, char out[65])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(buf, n, d, &len, EVP_sha256(), NULL) != 1 || len != 32)
        return false;
    seal_hex(d, out);
    return true;
}

/* HMAC-SHA256 (RFC 2104) of msg under the run's key. */
static bool
seal_hmac_hex(const unsigned char key[CHECK_SEAL_KEY], const char *msg,
              char out[65])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), key, CHECK_SEAL_KEY, (const unsigned char *)msg,
             strlen(msg), d, &len) == NULL || len != 32)
        return false;
    seal_hex(d, out);
    return true;
}

/* Constant time: the MAC must not leak by how long a mismatch takes. */
static bool
seal_same(const char *a, const char *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

static const char *
seal_find(const char *buf, size_t len, size_t from)
{
    size_t i;
    for (i = from; i + 6 <= len; i++)
        if ((i == 0 || buf[i - 1] == '\n') && memcmp(buf + i, "#seal ", 6) == 0)
            return buf + i;
    return NULL;
}

const char *
check_seal_verify(const check_seal *s, const char *buf, size_t len,
                  size_t *body_len, bool *aborted)
{
    const char *seal = seal_find(buf, len, 0), *nl;
    char nonce[17], digest[65], mac[65], want[65], msg[160], line[256];
    char kind[8];
    unsigned long long lines, counted = 0;
    size_t i, n;

    *body_len = 0;
    *aborted = false;
    if (seal == NULL)
        return NULL;
    if (seal_find(buf, len, (size_t)(seal - buf) + 1) != NULL)
        return "the stream has more than one seal (a replayed or "
               "duplicated summary)";
    nl = memchr(seal, '\n', len - (size_t)(seal - buf));
    if (nl == NULL || nl + 1 != buf + len)
        return "something was written after the harness's seal";
    n = (size_t)(nl - seal);
    if (n >= sizeof line)
        return "the seal line is malformed";
    memcpy(line, seal, n);
    line[n] = '\0';
    if (sscanf(line, "#seal %16s %llu %64s %7s %64s", nonce, &lines, digest,
               kind, mac) != 5 || strlen(mac) != 64 || strlen(digest) != 64 ||
        (strcmp(kind, "end") != 0 && strcmp(kind, "abort") != 0))
        return "the seal line is malformed";
    if (strcmp(nonce, s->nonce) != 0)
        return "the seal belongs to another run (replayed)";
    snprintf(msg, sizeof msg, "%s %llu %s %s", nonce, lines, digest, kind);
    if (!seal_hmac_hex(s->key, msg, want) || !seal_same(want, mac, 64))
        return "the seal is not the harness's (wrong key)";
    if (!seal_digest_hex(buf, (size_t)(seal - buf), want))
        return "the stream's digest could not be computed";
    for (i = 0; i < (size_t)(seal - buf); i++)
        counted += buf[i] == '\n';
    if (!seal_same(want, digest, 64) || counted != lines)
        return "lines were written to the grader's result channel (fd 3) "
               "that the harness did not write";
    *body_len = (size_t)(seal - buf);
    *aborted = strcmp(kind, "abort") == 0;
    return "";
}
