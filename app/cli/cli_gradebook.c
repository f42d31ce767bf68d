/* SPDX-License-Identifier: MIT
 * app/cli/cli_gradebook.c -- `looplab gradebook export`: grades out to a
 * spreadsheet or an LMS.
 *
 *   --format csv     nbgrader's grades.csv columns, one row per
 *                    (item, student); score = raw_score (no late penalty)
 *   --format canvas  Canvas gradebook import: identity columns, then one
 *                    column per item, a "Points Possible" row second;
 *                    needs --roster (the identities); graded students
 *                    the roster lacks are left out and listed on stderr
 *   --roster FILE    optional CSV with a header naming at least `student`
 *                    (the submission folder name) and any of last_name,
 *                    first_name, email, canvas_id, sis_user_id,
 *                    sis_login_id, section. Roster students without a
 *                    grade get an empty timestamp and 0 (nbgrader's rule).
 * Every text cell goes through ll_report_csv_field with the formula guard:
 * a student who names a folder "=HYPERLINK(...)" exports as text. Scores
 * are numbers and are never altered. CRLF line ends (RFC 4180).
 *
 *   looplab gradebook merge A.db B.db ... --into ALL.db
 *                    merge shard gradebooks (`grade --shard K/N`), in one
 *                    transaction each; idempotent; a gradebook of another
 *                    course version is refused, naming the item.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grader/report.h"
#include "store/store.h"

enum { R_STUDENT, R_LAST, R_FIRST, R_EMAIL, R_CANVAS, R_SISUSER, R_SISLOGIN,
       R_SECTION, R_NCOLS };
static const char *const roster_cols[R_NCOLS] = {
    "student", "last_name", "first_name", "email", "canvas_id",
    "sis_user_id", "sis_login_id", "section"
};

typedef struct roster_row { char *f[R_NCOLS]; } roster_row;

typedef struct gb_grade {
    char  *student, *item, *when;
    double score, max;
} gb_grade;

typedef struct gb {
    roster_row *rows;     /* roster, then graded students not in it */
    size_t      nrows, caprows;
    gb_grade   *grades;
    size_t      ngrades, capgrades;
    char      **items;    /* distinct items, sorted (grade_each order) */
    size_t      nitems;
} gb;

/* {====================== a small CSV reader ======================} */

/* Parse one RFC 4180 record from *p into fields (heap). Returns the
 * number of fields, 0 at end of input, -1 on OOM. */
static int
csv_record(const char **p, char ***out)
{
    const char *s = *p;
    char **f = NULL;
    int n = 0;
    ll_buf cur;

    *out = NULL;
    if (*s == '\0')
        return 0;
    ll_buf_init(&cur);
    for (;;) {
        char **nf;
        if (*s == '"') {
            for (s++; *s; s++) {
                if (*s == '"' && s[1] == '"')
                    ll_buf_add(&cur, s++, 1);
                else if (*s == '"') {
                    s++;
                    break;
                } else
                    ll_buf_add(&cur, s, 1);
            }
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            ll_buf_add(&cur, s++, 1);
        nf = ll_realloc(f, (size_t)(n + 1) * sizeof *f);
        if (nf == NULL)
            goto oom;
        f = nf;
        f[n++] = ll_buf_take(&cur);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    *p = s;
    *out = f;
    return n;
oom:
    while (n > 0)
        free(f[--n]);
    free(f);
    ll_buf_close(&cur);
    return -1;
}

static void
csv_free(char **f, int n)
{
    while (n > 0)
        free(f[--n]);
    free(f);
}

static roster_row *
gb_row_new(gb *g)
{
    if (g->nrows == g->caprows) {
        size_t cap = g->caprows ? 2 * g->caprows : 32;
        roster_row *v = ll_realloc(g->rows, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        g->rows = v;
        g->caprows = cap;
    }
    memset(&g->rows[g->nrows], 0, sizeof g->rows[0]);
    return &g->rows[g->nrows++];
}

static int
gb_read_roster(gb *g, const char *path)
{
    char *text = NULL, **hdr = NULL, **rec;
    const char *p;
    int nh, nr, col[R_NCOLS], i, j, line = 1, rc = LL_EXIT_OK;

    if (ll_read_file(path, &text, NULL) != LL_OK) {
        fprintf(stderr, "looplab gradebook: --roster: cannot read %s\n", path);
        return LL_EXIT_USAGE;
    }
    p = text;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;   /* a spreadsheet's UTF-8 byte-order mark */
    nh = csv_record(&p, &hdr);
    for (i = 0; i < R_NCOLS; i++) {
        col[i] = -1;
        for (j = 0; j < nh; j++)
            if (strcmp(hdr[j], roster_cols[i]) == 0)
                col[i] = j;
    }
    if (col[R_STUDENT] < 0) {
        fprintf(stderr, "looplab gradebook: %s:1: the header needs a "
                "'student' column (the submission folder name)\n", path);
        rc = LL_EXIT_USAGE;
    }
    while (rc == LL_EXIT_OK && (nr = csv_record(&p, &rec)) > 0) {
        roster_row *r;
        line++;
        if (nr == 1 && rec[0][0] == '\0') {   /* blank line */
            csv_free(rec, nr);
            continue;
        }
        if (col[R_STUDENT] >= nr || rec[col[R_STUDENT]][0] == '\0') {
            fprintf(stderr, "looplab gradebook: %s:%d: no student id\n",
                    path, line);
            rc = LL_EXIT_USAGE;
        } else if ((r = gb_row_new(g)) == NULL) {
            rc = LL_EXIT_INTERNAL;
        } else {
            for (i = 0; i < R_NCOLS; i++)
                r->f[i] = ll_strdup(col[i] >= 0 && col[i] < nr
                                    ? rec[col[i]] : "");
        }
        csv_free(rec, nr);
    }
    csv_free(hdr, nh);
    free(text);
    return rc;
}

/* {=========================== merge ============================} */

static int
gb_merge(int argc, char **argv)
{
    const char *into = NULL;
    ll_store *st = NULL;
    char *err = NULL;
    int i, nsrc = 0, rc = LL_EXIT_OK;

    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--into") == 0) {
            if (i + 1 >= argc || into != NULL)
                return ll_cli_usage_error("gradebook merge", "--into needs "
                                          "one gradebook path");
            into = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            char *m = ll_asprintf("unknown option '%s'", argv[i]);
            ll_cli_usage_error("gradebook merge", m ? m : "unknown option");
            free(m);
            return LL_EXIT_USAGE;
        } else {
            nsrc++;
        }
    }
    if (into == NULL || nsrc == 0)
        return ll_cli_usage_error("gradebook merge", "usage: looplab "
                                  "gradebook merge A.db B.db ... --into ALL.db");
    if (ll_store_open(into, &st, &err) != LL_OK) {
        fprintf(stderr, "looplab gradebook merge: cannot open %s: %s\n",
                into, err ? err : "out of memory");
        free(err);
        return LL_EXIT_INTERNAL;
    }
    for (i = 2; i < argc; i++) {
        ll_grade_merge_stats ms;
        char *why = NULL;
        if (strcmp(argv[i], "--into") == 0) {
            i++;
            continue;
        }
        if (ll_store_grade_merge(st, argv[i], &ms, &why) != LL_OK) {
            fprintf(stderr, "looplab gradebook merge: %s\n",
                    why ? why : ll_store_errmsg(st));
            rc = LL_EXIT_USAGE;
        } else {
            printf("%s: %lld grades, %lld new or newer\n", argv[i],
                   (long long)ms.rows, (long long)ms.changed);
        }
        free(why);
    }
    ll_store_close(st);
    return rc;
}

/* {=========================== export ===========================} */

static int
gb_collect(const ll_grade *gr, void *ud)
{
    gb *g = ud;
    gb_grade *x;
    char when[32];
    time_t t = (time_t)gr->graded_at;
    struct tm tm;

    if (g->ngrades == g->capgrades) {
        size_t cap = g->capgrades ? 2 * g->capgrades : 64;
        gb_grade *v = ll_realloc(g->grades, cap * sizeof *v);
        if (v == NULL)
            return LL_ENOMEM;
        g->grades = v;
        g->capgrades = cap;
    }
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    x = &g->grades[g->ngrades++];
    x->student = ll_strdup(gr->student);
    x->item = ll_strdup(gr->item);
    x->when = ll_strdup(when);
    x->score = gr->score;
    x->max = gr->max_score;
    if (g->nitems == 0 || strcmp(g->items[g->nitems - 1], gr->item) != 0) {
        char **v = ll_realloc(g->items, (g->nitems + 1) * sizeof *v);
        if (v == NULL)
            return LL_ENOMEM;
        g->items = v;
        g->items[g->nitems++] = x->item;
    }
    return x->student && x->item && x->when ? 0 : LL_ENOMEM;
}

static roster_row *
gb_find_row(gb *g, const char *student)
{
    size_t i;
    for (i = 0; i < g->nrows; i++)
        if (strcmp(g->rows[i].f[R_STUDENT], student) == 0)
            return &g->rows[i];
    return NULL;
}

static const gb_grade *
gb_find_grade(const gb *g, const char *student, const char *item)
{
    size_t i;
    for (i = 0; i < g->ngrades; i++)
        if (strcmp(g->grades[i].student, student) == 0
            && strcmp(g->grades[i].item, item) == 0)
            return &g->grades[i];
    return NULL;
}

static double
gb_item_max(const gb *g, const char *item)
{
    size_t i;
    double m = 0;
    for (i = 0; i < g->ngrades; i++)
        if (strcmp(g->grades[i].item, item) == 0 && g->grades[i].max > m)
            m = g->grades[i].max;
    return m;
}

static void
gb_cells(ll_buf *b, const char *const *cells, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (i)
            ll_buf_adds(b, ",");
        ll_report_csv_field(b, cells[i], true);
    }
    ll_buf_adds(b, "\r\n");
}

static void
gb_csv(ll_buf *b, gb *g)
{
    static const char *const hdr[] = {
        "assignment", "duedate", "timestamp", "student_id", "last_name",
        "first_name", "email", "raw_score", "late_submission_penalty",
        "score", "max_score"
    };
    size_t i, k;

    gb_cells(b, hdr, LL_COUNTOF(hdr));
    for (k = 0; k < g->nitems; k++)
        for (i = 0; i < g->nrows; i++) {
            const roster_row *r = &g->rows[i];
            const gb_grade *x = gb_find_grade(g, r->f[R_STUDENT], g->items[k]);
            const char *id[7];
            id[0] = g->items[k];
            id[1] = "";
            id[2] = x ? x->when : "";
            id[3] = r->f[R_STUDENT];
            id[4] = r->f[R_LAST] ? r->f[R_LAST] : "";
            id[5] = r->f[R_FIRST] ? r->f[R_FIRST] : "";
            id[6] = r->f[R_EMAIL] ? r->f[R_EMAIL] : "";
            gb_cells(b, id, 7);
            b->len--, b->len--;   /* drop CRLF: the numbers follow */
            ll_buf_printf(b, ",%g,0,%g,%g\r\n", x ? x->score : 0,
                          x ? x->score : 0, gb_item_max(g, g->items[k]));
        }
}

static void
gb_canvas(ll_buf *b, gb *g)
{
    size_t i, k;

    ll_buf_adds(b, "Student,ID,SIS User ID,SIS Login ID,Section");
    for (k = 0; k < g->nitems; k++) {
        char *col = ll_asprintf("looplab %s", g->items[k]);
        ll_buf_adds(b, ",");
        ll_report_csv_field(b, col ? col : "", true);
        free(col);
    }
    ll_buf_adds(b, "\r\n    Points Possible,,,,");
    for (k = 0; k < g->nitems; k++)
        ll_buf_printf(b, ",%g", gb_item_max(g, g->items[k]));
    ll_buf_adds(b, "\r\n");
    for (i = 0; i < g->nrows; i++) {
        const roster_row *r = &g->rows[i];
        const char *last = r->f[R_LAST] ? r->f[R_LAST] : "";
        const char *first = r->f[R_FIRST] ? r->f[R_FIRST] : "";
        char *name = last[0] || first[0]
                   ? ll_asprintf("%s, %s", last, first)
                   : ll_strdup(r->f[R_STUDENT]);
        /* Only the roster's own ids: never the folder name as a login. */
        const char *login = r->f[R_SISLOGIN] ? r->f[R_SISLOGIN] : "";
        const char *cells[5];
        cells[0] = name ? name : "";
        cells[1] = r->f[R_CANVAS] ? r->f[R_CANVAS] : "";
        cells[2] = r->f[R_SISUSER] ? r->f[R_SISUSER] : "";
        cells[3] = login;
        cells[4] = r->f[R_SECTION] ? r->f[R_SECTION] : "";
        gb_cells(b, cells, 5);
        b->len -= 2;
        for (k = 0; k < g->nitems; k++) {
            const gb_grade *x = gb_find_grade(g, r->f[R_STUDENT], g->items[k]);
            if (x)
                ll_buf_printf(b, ",%g", x->score);
            else
                ll_buf_adds(b, ",");   /* no submission: leave it empty */
        }
        ll_buf_adds(b, "\r\n");
        free(name);
    }
}

/* Canvas: a graded student the roster does not know has no identity
 * Canvas can match, and a guessed one (the folder name as SIS login) could
 * land on someone else: leave them out, and say who they are. */
static int
gb_canvas_unknown(gb *g, const char *roster)
{
    size_t i, j, n = 0;
    ll_buf b;
    int err = LL_OK;

    ll_buf_init(&b);
    for (i = 0; err == LL_OK && i < g->ngrades; i++) {
        const char *who = g->grades[i].student;
        bool seen = false;
        char *esc;
        if (gb_find_row(g, who) != NULL)
            continue;
        for (j = 0; j < i && !seen; j++)
            seen = strcmp(g->grades[j].student, who) == 0;
        if (seen)
            continue;
        esc = ll_report_name_escape(who);
        err = esc ? ll_buf_printf(&b, "%s%s", n ? ", " : "", esc) : LL_ENOMEM;
        free(esc);
        n++;
    }
    if (err == LL_OK && n > 0)
        fprintf(stderr, "looplab gradebook: warning: %zu graded student%s "
                "not in the roster %s, left out of the canvas export (no "
                "Canvas identity to match): %s\n", n, n == 1 ? " is" : "s are",
                roster, b.data);
    ll_buf_close(&b);
    return err == LL_OK ? LL_EXIT_OK : LL_EXIT_INTERNAL;
}

static void
gb_free(gb *g)
{
    size_t i;
    int k;
    for (i = 0; i < g->nrows; i++)
        for (k = 0; k < R_NCOLS; k++)
            free(g->rows[i].f[k]);
    for (i = 0; i < g->ngrades; i++) {
        free(g->grades[i].student);
        free(g->grades[i].item);
        free(g->grades[i].when);
    }
    free(g->rows);
    free(g->grades);
    free(g->items);
}

int
ll_cli_gradebook(int argc, char **argv)
{
    const char *db_path = "gradebook.db", *fmt = NULL, *item = NULL;
    const char *roster = NULL;
    ll_store *st = NULL;
    char *err = NULL;
    gb g;
    ll_buf b;
    int i, rc = LL_EXIT_OK;
    size_t k;

    memset(&g, 0, sizeof g);
    if (argc >= 2 && strcmp(argv[1], "merge") == 0)
        return gb_merge(argc, argv);
    if (argc < 2 || strcmp(argv[1], "export") != 0) {
        fprintf(stderr, "looplab gradebook: usage: looplab gradebook export "
                "--format csv|canvas [--gradebook DB] [--item ID] "
                "[--roster FILE.csv]\n"
                "       looplab gradebook merge A.db B.db ... --into ALL.db\n");
        return LL_EXIT_USAGE;
    }
    for (i = 2; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--format") == 0) slot = &fmt;
        else if (strcmp(argv[i], "--gradebook") == 0) slot = &db_path;
        else if (strcmp(argv[i], "--item") == 0) slot = &item;
        else if (strcmp(argv[i], "--roster") == 0) slot = &roster;
        if (slot == NULL || i + 1 >= argc) {
            fprintf(stderr, "looplab gradebook: %s '%s'\n", slot ?
                    "missing value after" : "unknown argument", argv[i]);
            return LL_EXIT_USAGE;
        }
        *slot = argv[++i];
    }
    if (fmt == NULL || (strcmp(fmt, "csv") != 0 && strcmp(fmt, "canvas") != 0)) {
        fprintf(stderr, "looplab gradebook: --format csv or --format canvas\n");
        return LL_EXIT_USAGE;
    }
    if (strcmp(fmt, "canvas") == 0 && roster == NULL) {
        fprintf(stderr, "looplab gradebook: --format canvas needs --roster "
                "FILE.csv: Canvas matches students by their Canvas or SIS "
                "ids, which only the roster has (a folder name is not one)\n");
        return LL_EXIT_USAGE;
    }
    if (access(db_path, R_OK) != 0) {
        fprintf(stderr, "looplab gradebook: no gradebook at %s (run "
                "'looplab grade' first, or pass --gradebook DB)\n", db_path);
        return LL_EXIT_USAGE;
    }
    if (ll_store_open(db_path, &st, &err) != LL_OK) {
        fprintf(stderr, "looplab gradebook: %s\n", err ? err : "cannot open");
        free(err);
        return LL_EXIT_INTERNAL;
    }
    if (roster)
        rc = gb_read_roster(&g, roster);
    if (rc == LL_EXIT_OK && ll_store_grade_each(st, item, gb_collect, &g)
        != LL_OK) {
        fprintf(stderr, "looplab gradebook: %s\n", ll_store_errmsg(st));
        rc = LL_EXIT_INTERNAL;
    }
    if (rc == LL_EXIT_OK && strcmp(fmt, "canvas") == 0)
        rc = gb_canvas_unknown(&g, roster);
    /* csv: graded students missing from the roster still get a row (the
     * folder name is nbgrader's student_id). */
    for (k = 0; rc == LL_EXIT_OK && !strcmp(fmt, "csv") && k < g.ngrades; k++)
        if (gb_find_row(&g, g.grades[k].student) == NULL) {
            roster_row *r = gb_row_new(&g);
            if (r == NULL || (r->f[R_STUDENT] = ll_strdup(g.grades[k].student))
                == NULL)
                rc = LL_EXIT_INTERNAL;
        }
    if (rc == LL_EXIT_OK) {
        ll_buf_init(&b);
        if (strcmp(fmt, "csv") == 0)
            gb_csv(&b, &g);
        else
            gb_canvas(&b, &g);
        rc = ll_cli_write_out("gradebook", strcmp(fmt, "csv") == 0
                              ? "the csv export" : "the canvas export",
                              b.data ? b.data : "", b.len);
        ll_buf_close(&b);
    }
    gb_free(&g);
    ll_store_close(st);
    return rc;
}
