/* SPDX-License-Identifier: MIT
 * grader/sha256.h -- SHA-256 content hashes, through OpenSSL's libcrypto.
 *
 * The grader keys "already graded" on the hash of a submission and of the
 * checks it was graded against, so a resumed batch never grades an
 * unchanged submission twice (issue 5). The digest comes from
 * libcrypto (EVP) rather than our own code: a well-kept library is easier
 * to trust than a hand-written one, and it is fast (SHA-NI). The hex form
 * is what the gradebook stores, so it must never change.
 */
#ifndef LL_GRADER_SHA256_H
#define LL_GRADER_SHA256_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ll_sha256 {
    void *ctx;           /* EVP_MD_CTX, opaque here */
} ll_sha256;

/* LL_OK or LL_ENOMEM. */
int  ll_sha256_init(ll_sha256 *s);
void ll_sha256_update(ll_sha256 *s, const void *data, size_t n);
/* Finish into 64 lowercase hex digits plus NUL and free the context. */
int  ll_sha256_hex(ll_sha256 *s, char out[65]);
/* Drop an unfinished hash. */
void ll_sha256_close(ll_sha256 *s);

/* Hash the file at path, streamed: at most max bytes are read. When the
 * file holds more, *too_big is set and the hash covers the first max + 1
 * bytes and the file's size (it still changes when the file does). For a
 * file within max it is the plain SHA-256 of the content. LL_OK, LL_ENOENT,
 * LL_EIO, LL_ENOMEM. */
int  ll_sha256_file(const char *path, size_t max, char out[65], bool *too_big);

#endif
