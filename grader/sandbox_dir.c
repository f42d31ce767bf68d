/* SPDX-License-Identifier: MIT
 * grader/sandbox_dir.c -- the attempt folder: a private copy of the
 * submission's folder and of the harness, made by the grader (maybe root)
 * from folders students control, and its removal.
 *
 * Why so careful: as root, open() follows a student's symlink to another
 * student's file or to /etc/shadow, and blocks on a FIFO before any limit
 * applies. Only regular files owned by their folder's owner are read,
 * opened O_NOFOLLOW | O_NONBLOCK, and bounded.
 */
#include "sandbox_int.h"
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SB_MAX_FILES   64
#define SB_MAX_FILE    (1u << 20)
#define SB_MAX_SUBMIT  LL_CHECK_MAX_SUBMIT

/* What a folder entry is, for messages ("a symlink", "a FIFO"...). */
static const char *
sb_kind(mode_t m)
{
    return S_ISLNK(m) ? "a symlink" : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ? "a socket"
         : S_ISDIR(m) ? "a folder" : "a regular file";
}

/* Copy srcdir/name into dstdir. Only a regular file owned by owner
 * ((uid_t)-1: anyone) and at most max bytes: opened O_NOFOLLOW (a symlink
 * to another student's file or to /etc/shadow is not read as root) and
 * O_NONBLOCK (a FIFO cannot hang us before any limit applies). 0 copied,
 * 1 skipped (*why says why), -1 on an error (errno). */
static int
sb_copy_file(int srcdir, const char *name, int dstdir, uid_t uid, gid_t gid,
             bool chown_it, mode_t mode, size_t max, uid_t owner,
             const char **why)
{
    char buf[65536];
    struct stat st;
    int in, out, rc = 0;
    size_t total = 0;

    *why = NULL;
    in = openat(srcdir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
                O_CLOEXEC);
    if (in < 0 && (errno == ELOOP || errno == ENXIO)) {
        *why = errno == ELOOP ? "a symlink" : "a socket";
        return 1;
    }
    if (in < 0)
        return -1;
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) ||
        (owner != (uid_t)-1 && st.st_uid != owner) ||
        (size_t)st.st_size > max) {
        *why = !S_ISREG(st.st_mode) ? sb_kind(st.st_mode)
             : (size_t)st.st_size > max ? "too big"
             : "owned by someone else than its folder";
        close(in);
        return 1;                      /* skipped */
    }
    out = openat(dstdir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                 O_CLOEXEC, mode);
    if (out < 0) {
        close(in);
        return -1;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -1 : 0;
            break;
        }
        total += (size_t)n;
        if (total > max || write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && chown_it && fchown(out, uid, gid) != 0)
        rc = -1;
    close(in);
    close(out);
    return rc;
}

int
ll_sandbox_check_submission(const char *file, const char **why)
{
    char *dir = ll_strdup(file), *slash;
    const char *name;
    struct stat dst, st;
    int dfd = -1, fd, rc = LL_OK;

    *why = NULL;
    if (dir == NULL)
        return LL_ENOMEM;
    slash = strrchr(dir, '/');
    name = slash ? slash + 1 : dir;
    if (slash == dir)
        dir[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    if (slash == dir)
        name = file + 1;
    dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fstat(dfd, &dst) != 0) {
        rc = errno == ENOENT || errno == ENOTDIR ? LL_ENOENT : LL_EIO;
        goto out;
    }
    fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
                O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            rc = LL_ENOENT;
            goto out;
        }
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            st.st_mode = S_IFSOCK;
        *why = sb_kind(st.st_mode);
        rc = LL_EINVAL;
        goto out;
    }
    if (fstat(fd, &st) != 0)
        rc = LL_EIO;
    else if (!S_ISREG(st.st_mode)) {
        *why = sb_kind(st.st_mode);
        rc = LL_EINVAL;
    } else if (st.st_uid != dst.st_uid) {
        *why = "owned by someone else than its folder";
        rc = LL_EINVAL;
    }
    close(fd);
out:
    if (dfd >= 0)
        close(dfd);
    ll_free(dir);
    return rc;
}

int
ll_sandbox_read_submission(const char *file, size_t max, char **out,
                           size_t *len, const char **why)
{
    char *dir = ll_strdup(file), *slash;
    const char *name;
    struct stat dst, st;
    int dfd, rc;

    *out = NULL;
    *why = NULL;
    if (dir == NULL)
        return LL_ENOMEM;
    slash = strrchr(dir, '/');
    name = slash ? slash + 1 : dir;
    if (slash == dir)
        dir[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fstat(dfd, &dst) != 0) {
        rc = errno == ENOENT || errno == ENOTDIR ? LL_ENOENT : LL_EIO;
        goto out;
    }
    if (slash == dir)
        name = file + 1;
    rc = ll_read_untrusted(dfd, name, max, out, len, &st);
    if (rc == LL_EINVAL) {
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            st.st_mode = S_IFSOCK;
        *why = sb_kind(st.st_mode);
    } else if (rc == LL_ELIMIT) {
        *why = "too big";
        rc = LL_EINVAL;
    } else if (rc == LL_OK && st.st_uid != dst.st_uid) {
        *why = "owned by someone else than its folder";
        ll_free(*out);
        *out = NULL;
        rc = LL_EINVAL;
    }
out:
    if (dfd >= 0)
        close(dfd);
    ll_free(dir);
    return rc;
}

/* Copy the regular, non-hidden files of src into dst (not recursive). */
static int
sb_copy_dir(const char *src, int dstdir, uid_t uid, gid_t gid, bool chown_it,
            mode_t mode, const char *suffix, const char *skip)
{
    DIR *d = opendir(src);
    struct dirent *e;
    struct stat dst;
    int n = 0, srcfd;
    if (d == NULL)
        return -1;
    srcfd = dirfd(d);
    if (fstat(srcfd, &dst) != 0) {
        closedir(d);
        return -1;
    }
    while ((e = readdir(d)) != NULL && n < SB_MAX_FILES) {
        size_t len = strlen(e->d_name);
        const char *why;
        if (e->d_name[0] == '.' || (skip && strcmp(e->d_name, skip) == 0))
            continue;
        if (suffix && (len < strlen(suffix) ||
                       strcmp(e->d_name + len - strlen(suffix), suffix) != 0))
            continue;
        if (strcmp(e->d_name, "checks.lua") == 0)
            continue;
        if (sb_copy_file(srcfd, e->d_name, dstdir, uid, gid, chown_it, mode,
                         SB_MAX_FILE, dst.st_uid, &why) == 0)
            n++;
    }
    closedir(d);
    return n;
}

static int
sb_mkdir_at(int parent, const char *name, mode_t mode)
{
    int fd;
    if (mkdirat(parent, name, mode) != 0)
        return -1;
    fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0)
        fchmod(fd, mode);             /* past the umask */
    return fd;
}

/* Every folder on the way to path lets others through (o+x). */
static bool
sb_traversable(const char *path)
{
    char *p = ll_strdup(path), *slash;
    bool ok = p != NULL && *p == '/';
    while (ok && *p) {
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode) || !(st.st_mode & S_IXOTH))
            ok = false;
        slash = strrchr(p, '/');
        if (slash == NULL || slash == p)
            break;
        *slash = '\0';
    }
    ll_free(p);
    return ok;
}

int
ll_sandbox_prepare(ll_sandbox *sb, const char *file, const char *harness_dir,
                   char **err)
{
    const char *tmp = getenv("TMPDIR");
    char *srcdir = NULL, *base, *slash;
    int dirfd_ = -1, work = -1, hfd = -1, lfd = -1, rc = LL_OK, c;
    const char *name;

    memset(sb, 0, sizeof *sb);
    sb->pid = -1;
    sb->drop = geteuid() == 0;
    sb->ns = strcmp(ll_sandbox_level(), "L3") == 0;
    sb->seccomp = sb->ns || strcmp(ll_sandbox_level(), "L2") == 0;
    sb->landlock = sb->seccomp && ll_sandbox_probe()->landlock_abi > 0;
    /* compiled here: the child must not allocate under its limits */
    if (sb->seccomp && ll__sandbox_seccomp_build(sb->ns) != 0) {
        *err = ll_asprintf("cannot compile the seccomp filter: %s",
                           strerror(errno));
        return LL_EIO;
    }
    if (sb->drop)
        ll__sandbox_take_uid(sb);
    if (ll_sandbox_probe()->subreaper)
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    if (harness_dir == NULL) {
        sb->file = ll_strdup(file);
        return sb->file ? LL_OK : LL_ENOMEM;
    }
    /* the dedicated uid must be able to reach the attempt folder */
    if (tmp == NULL || *tmp == '\0' || (sb->drop && !sb_traversable(tmp)))
        tmp = "/tmp";
    base = ll_asprintf("%s/looplab-run-XXXXXX", tmp);
    if (base == NULL || mkdtemp(base) == NULL) {
        *err = ll_asprintf("cannot create an attempt folder under %s: %s",
                           tmp && *tmp ? tmp : "/tmp", strerror(errno));
        ll_free(base);
        return LL_EIO;
    }
    sb->dir = base;
    dirfd_ = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd_ < 0 || fchmod(dirfd_, 0711) != 0)
        goto io;
    work = sb_mkdir_at(dirfd_, "work", 0700);
    hfd = sb_mkdir_at(dirfd_, "harness", 0755);
    if (work < 0 || hfd < 0)
        goto io;
    lfd = sb_mkdir_at(hfd, "looplab", 0755);
    if (lfd < 0 || (sb->drop && fchown(work, sb->uid, sb->gid) != 0))
        goto io;
    /* the harness: read-only for the sandbox */
    if (sb_copy_dir(harness_dir, hfd, 0, 0, false, 0644, ".py", NULL) <= 0)
        goto io;
    {
        char *sub = ll_asprintf("%s/looplab", harness_dir);
        c = sub ? sb_copy_dir(sub, lfd, 0, 0, false, 0644, ".py", NULL) : -1;
        ll_free(sub);
        if (c <= 0)
            goto io;
    }
    /* the submission first (it must be there), then its neighbours */
    srcdir = ll_strdup(file);
    if (srcdir == NULL)
        goto nomem;
    slash = strrchr(srcdir, '/');
    name = slash ? slash + 1 : srcdir;
    {
        struct stat dst;
        const char *why = NULL;
        int sfd;
        if (slash == srcdir)
            sfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        else if (slash) {
            *slash = '\0';
            sfd = open(srcdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else
            sfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        c = sfd < 0 || fstat(sfd, &dst) != 0 ? -1
          : sb_copy_file(sfd, name, work, sb->uid, sb->gid, sb->drop, 0644,
                         SB_MAX_SUBMIT, dst.st_uid, &why);
        if (sfd >= 0)
            close(sfd);
        if (c != 0) {
            *err = ll_asprintf("cannot copy %s into the attempt folder (%s)",
                               file, c > 0 ? why : strerror(errno));
            rc = LL_EIO;
            goto out;
        }
        if (slash != NULL)
            (void)sb_copy_dir(slash == srcdir ? "/" : srcdir, work, sb->uid,
                              sb->gid, sb->drop, 0644, NULL, name);
    }
    sb->file = ll_asprintf("%s/work/%s", base, name);
    sb->harness = ll_asprintf("%s/harness/looplab_harness.py", base);
    if (sb->file == NULL || sb->harness == NULL)
        goto nomem;
    goto out;
io:
    *err = ll_asprintf("cannot prepare the attempt folder %s: %s", base,
                       strerror(errno));
    rc = LL_EIO;
    goto out;
nomem:
    rc = LL_ENOMEM;
out:
    ll_free(srcdir);
    if (lfd >= 0) close(lfd);
    if (hfd >= 0) close(hfd);
    if (work >= 0) close(work);
    if (dirfd_ >= 0) close(dirfd_);
    if (rc != LL_OK)
        ll_sandbox_cleanup(sb);
    return rc;
}

static void
sb_rmtree(int dfd)
{
    DIR *d = fdopendir(dfd);
    struct dirent *e;
    if (d == NULL) {
        close(dfd);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM)) {
            int sub = openat(dirfd(d), e->d_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                sb_rmtree(sub);
            unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
        }
    }
    closedir(d);
}

void
ll_sandbox_cleanup(ll_sandbox *sb)
{
    if (sb->dir != NULL) {
        int fd = open(sb->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            sb_rmtree(fd);
        rmdir(sb->dir);
    }
    ll_free(sb->dir);
    ll_free(sb->file);
    ll_free(sb->harness);
    sb->dir = sb->file = sb->harness = NULL;
    /* after the reap: nothing of ours runs as the uid any more */
    if (sb->uid_locked)
        close(sb->uid_fd);
    sb->uid_locked = false;
}
