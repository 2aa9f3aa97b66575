/* Compiled text kernels of the rule engine (performance only; see tinnhiem/_native.py).
 *
 * Each function is the C form of a pure-Python loop that stays in the code base as the
 * reference (and the fallback when this module is not built); tests/test_native.py compares
 * both on generated text. Character classes come from Python: ``set_classifier(f)`` installs
 * a function ``f(block) -> bytes(256)`` giving the flags of the code points
 * ``block * 256 ... block * 256 + 255`` (LETTER = \p{L}, DIGIT = \p{N}, MARKED = a letter that
 * carries a Vietnamese diacritic, TRAP = a case variant that defeats equality tests on folded
 * text, see ``_textscan.case_safe``; SEP = a syllable separator of ``text.SYLLABLE_SEP``), asked
 * once per block and kept for the process, so the
 * classes are exactly those of the ``regex`` module and of ``tinnhiem.text``.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define F_LETTER 1
#define F_DIGIT 2
#define F_MARKED 4
#define F_TRAP 8
#define F_SEP 16
#define NBLOCKS (0x110000 >> 8)

static const unsigned char *blocks[NBLOCKS];
static PyObject *block_objs[NBLOCKS];
static PyObject *classifier = NULL;

static int
fill_block(unsigned int b)
{
    if (classifier == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_ctext: set_classifier() was not called");
        return -1;
    }
    PyObject *r = PyObject_CallFunction(classifier, "I", b);
    if (r == NULL)
        return -1;
    if (!PyBytes_Check(r) || PyBytes_GET_SIZE(r) != 256) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_ValueError, "_ctext: the classifier must return 256 bytes");
        return -1;
    }
    if (blocks[b] != NULL) {  /* filled meanwhile (the callback may have let another thread run) */
        Py_DECREF(r);
        return 0;
    }
    block_objs[b] = r;
    blocks[b] = (const unsigned char *)PyBytes_AS_STRING(r);
    return 0;
}

/* Flags of code point ``cp``, or -1 with an exception set. */
static inline int
flags_of(Py_UCS4 cp)
{
    unsigned int b = cp >> 8;
    if (b >= NBLOCKS)
        return 0;
    if (blocks[b] == NULL && fill_block(b) < 0)
        return -1;
    return blocks[b][cp & 0xff];
}

/* Append ``item`` (a new reference, or NULL after an error) to ``list``; 0 or -1. */
static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL)
        return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

/* Keep ``func`` in ``*slot`` (replacing what was there); 0, or -1 if it is not callable. */
static int
install_callable(PyObject **slot, PyObject *func)
{
    if (!PyCallable_Check(func)) {
        PyErr_SetString(PyExc_TypeError, "a callable is needed");
        return -1;
    }
    Py_INCREF(func);
    Py_XSETREF(*slot, func);
    return 0;
}

static PyObject *
set_classifier(PyObject *self, PyObject *func)
{
    if (install_callable(&classifier, func) < 0)
        return NULL;
    for (unsigned int b = 0; b < NBLOCKS; b++) {
        Py_CLEAR(block_objs[b]);
        blocks[b] = NULL;
    }
    Py_RETURN_NONE;
}

/* ---------------------------------------------------------------- one-to-one mappings */

/* ``text.fold`` and ``text.lower`` map every character to exactly one character. Their tables
 * come from Python per block of 256 code points: ``set_mappings(f)`` installs ``f(which,
 * block) -> str`` of length 256 (which: 0 fold, 1 lower), asked once per (which, block). */
#define NMAPS 2
static PyObject *mapping_func = NULL;
static PyObject *map_objs[NMAPS][NBLOCKS];
static Py_UCS4 *map_blocks[NMAPS][NBLOCKS];

static int
fill_map(int which, unsigned int b)
{
    if (mapping_func == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_ctext: set_mappings() was not called");
        return -1;
    }
    PyObject *r = PyObject_CallFunction(mapping_func, "iI", which, b);
    if (r == NULL)
        return -1;
    if (!PyUnicode_Check(r) || PyUnicode_GET_LENGTH(r) != 256) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_ValueError, "_ctext: a mapping block must be a str of 256 characters");
        return -1;
    }
    if (map_blocks[which][b] != NULL) {
        Py_DECREF(r);
        return 0;
    }
    Py_UCS4 *table = PyUnicode_AsUCS4Copy(r);  /* (PyMem_Malloc'd, kept for the process) */
    if (table == NULL) {
        Py_DECREF(r);
        return -1;
    }
    map_objs[which][b] = r;
    map_blocks[which][b] = table;
    return 0;
}

static PyObject *
set_mappings(PyObject *self, PyObject *func)
{
    if (install_callable(&mapping_func, func) < 0)
        return NULL;
    for (int w = 0; w < NMAPS; w++) {
        for (unsigned int b = 0; b < NBLOCKS; b++) {
            Py_CLEAR(map_objs[w][b]);
            PyMem_Free(map_blocks[w][b]);
            map_blocks[w][b] = NULL;
        }
    }
    Py_RETURN_NONE;
}

/* map_text(text, which) -> str: ``text.translate(table)`` of the one-to-one mapping ``which``. */
static PyObject *
map_text(PyObject *self, PyObject *args)
{
    PyObject *text;
    int which;
    if (!PyArg_ParseTuple(args, "Ui", &text, &which))
        return NULL;
    if (which < 0 || which >= NMAPS) {
        PyErr_SetString(PyExc_ValueError, "unknown mapping");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (n > 0 ? n : 1));
    if (buf == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        unsigned int b = c >> 8;
        if (map_blocks[which][b] == NULL && fill_map(which, b) < 0) {
            PyMem_Free(buf);
            return NULL;
        }
        buf[i] = map_blocks[which][b][c & 0xff];
    }
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n);
    PyMem_Free(buf);
    return out;
}

/* ---------------------------------------------------------------- runs */

/* The next run of characters whose flags meet ``want``, from ``*i``: sets ``*start``, ``*i``
 * (the end of the run) and ``*after`` (the flags of the character ending it; 0 at the end of
 * the text). Returns 1 (a run), 0 (no more runs), 2 (a character with a ``stop`` flag was
 * met first), -1 (an exception is set). */
static int
next_run(int kind, const void *data, Py_ssize_t n, Py_ssize_t *i, int want, int stop,
         Py_ssize_t *start, int *after)
{
    Py_ssize_t k = *i;
    int f = 0;
    for (; k < n; k++) {
        f = flags_of(PyUnicode_READ(kind, data, k));
        if (f < 0)
            return -1;
        if (f & stop)
            return 2;
        if (f & want)
            break;
    }
    if (k >= n) {
        *i = n;
        return 0;
    }
    *start = k;
    f = 0;
    while (++k < n) {
        f = flags_of(PyUnicode_READ(kind, data, k));
        if (f < 0)
            return -1;
        if (f & stop)
            return 2;
        if (!(f & want))
            break;
    }
    *i = k;
    *after = k < n ? f : 0;
    return 1;
}

/* ---------------------------------------------------------------- anchor index */

/* The grams of an ``AnchorIndex`` held in C (``anchor_grams``), so that the walk over a text
 * (``anchor_scan``) makes no Python object per word run: an open-addressing table of the
 * single runs and (run, next run) pairs, each with its (key, skip) entries. The hits of one
 * text come back packed: sorted, distinct ``key << 32 | position`` values (``anchor_starts``
 * reads one key's positions out of them). The same positions as the pure-Python walk
 * ``AnchorIndex._gram_starts`` over ``word_tokens(folded)``. */
typedef struct {
    Py_ssize_t a_off, a_len;  /* the (first) run, in ``cps`` */
    Py_ssize_t b_off, b_len;  /* the next run of a pair; b_len < 0 for a single run */
    Py_ssize_t e_off, e_n;    /* its entries, in ``entries`` (two int64 each: key, skip) */
} gram_t;

typedef struct {
    uint64_t *hashes;         /* the probe table: a gram's hash (0: an empty slot) ... */
    int32_t *which;           /* ... and its index in ``items`` */
    size_t mask;
    gram_t *items;
    Py_ssize_t nitems;
    int64_t nkeys;            /* the largest key + 1 */
    Py_UCS4 *cps;
    Py_ssize_t ncps, cps_cap;
    int64_t *entries;
    Py_ssize_t nentries, entries_cap;
    Py_ssize_t maxlen;
} grams_t;

#define GRAMS_CAPSULE "tinnhiem._ctext.grams"
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t
run_hash_ucs4(const Py_UCS4 *cps, Py_ssize_t n)
{
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t k = 0; k < n; k++) {
        h ^= cps[k];
        h *= FNV_PRIME;
    }
    return h;
}

static inline uint64_t
run_hash_text(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t k = start; k < end; k++) {
        h ^= PyUnicode_READ(kind, data, k);
        h *= FNV_PRIME;
    }
    return h;
}

static inline uint64_t
gram_hash(uint64_t a, uint64_t b, int pair)
{
    uint64_t h = pair ? (a * 0x9E3779B97F4A7C15ULL) ^ (b + 0x632BE59BD9B4E019ULL) : a;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

static void
grams_free(grams_t *g)
{
    if (g == NULL)
        return;
    PyMem_Free(g->hashes);
    PyMem_Free(g->which);
    PyMem_Free(g->items);
    PyMem_Free(g->cps);
    PyMem_Free(g->entries);
    PyMem_Free(g);
}

static void
grams_capsule_free(PyObject *capsule)
{
    grams_free((grams_t *)PyCapsule_GetPointer(capsule, GRAMS_CAPSULE));
}

/* Make room for ``need`` elements of ``size`` bytes in ``*buf`` (its capacity ``*cap``, doubled
 * as often as needed); 0, or -1 with MemoryError set. */
static int
reserve(void **buf, Py_ssize_t *cap, Py_ssize_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    Py_ssize_t larger = *cap > 0 ? *cap : 64;
    while (larger < need)
        larger *= 2;
    void *grown = PyMem_Realloc(*buf, size * (size_t)larger);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buf = grown;
    *cap = larger;
    return 0;
}

/* Copy the characters of ``s`` into the pool; its offset, or -1 with an exception set. */
static Py_ssize_t
grams_add_chars(grams_t *g, PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (n == 0)
        return g->ncps;
    if (reserve((void **)&g->cps, &g->cps_cap, g->ncps + n, sizeof(Py_UCS4)) < 0)
        return -1;
    if (PyUnicode_AsUCS4(s, g->cps + g->ncps, n, 0) == NULL)
        return -1;
    Py_ssize_t off = g->ncps;
    g->ncps += n;
    return off;
}

/* Append the (key, skip) tuples of ``list``; its offset in ``entries``, or -1. */
static Py_ssize_t
grams_add_entries(grams_t *g, PyObject *list, Py_ssize_t *count)
{
    PyObject *seq = PySequence_Fast(list, "anchor entries must be a sequence");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (reserve((void **)&g->entries, &g->entries_cap, g->nentries + 2 * n, sizeof(int64_t)) < 0) {
        Py_DECREF(seq);
        return -1;
    }
    Py_ssize_t off = g->nentries;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(seq, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "anchor entries must be (key, skip) tuples");
            Py_DECREF(seq);
            return -1;
        }
        long long key = PyLong_AsLongLong(PyTuple_GET_ITEM(pair, 0));
        long long skip = PyLong_AsLongLong(PyTuple_GET_ITEM(pair, 1));
        if (PyErr_Occurred()) {
            Py_DECREF(seq);
            return -1;
        }
        if (key < 0 || key > 0x7FFFFFFF || skip < 0) {
            PyErr_SetString(PyExc_ValueError, "anchor keys must be in [0, 2**31) and skips >= 0");
            Py_DECREF(seq);
            return -1;
        }
        if (key >= g->nkeys)
            g->nkeys = key + 1;
        g->entries[g->nentries++] = key;
        g->entries[g->nentries++] = skip;
    }
    Py_DECREF(seq);
    *count = n;
    return off;
}

static int
grams_insert(grams_t *g, PyObject *a, PyObject *b, PyObject *entries)
{
    if (!PyUnicode_Check(a) || (b != NULL && !PyUnicode_Check(b))) {
        PyErr_SetString(PyExc_TypeError, "anchor runs must be str");
        return -1;
    }
    gram_t item;
    item.a_len = PyUnicode_GET_LENGTH(a);
    item.b_len = b == NULL ? -1 : PyUnicode_GET_LENGTH(b);
    if ((item.a_off = grams_add_chars(g, a)) < 0)
        return -1;
    item.b_off = 0;
    if (b != NULL && (item.b_off = grams_add_chars(g, b)) < 0)
        return -1;
    if ((item.e_off = grams_add_entries(g, entries, &item.e_n)) < 0)
        return -1;
    uint64_t ha = run_hash_ucs4(g->cps + item.a_off, item.a_len);
    uint64_t hb = b == NULL ? 0 : run_hash_ucs4(g->cps + item.b_off, item.b_len);
    uint64_t hash = gram_hash(ha, hb, b != NULL);
    size_t at = hash & g->mask;
    while (g->hashes[at] != 0)
        at = (at + 1) & g->mask;  /* (the dicts' keys are distinct: no gram is met twice) */
    g->hashes[at] = hash;
    g->which[at] = (int32_t)g->nitems;
    g->items[g->nitems++] = item;
    return 0;
}

/* anchor_grams(singles, nested, maxlen) -> capsule: ``singles`` run -> [(key, skip)],
 * ``nested`` run -> {next run -> [(key, skip)]} (``AnchorIndex``'s tables). */
static PyObject *
anchor_grams(PyObject *self, PyObject *args)
{
    PyObject *singles, *nested;
    Py_ssize_t maxlen;
    if (!PyArg_ParseTuple(args, "O!O!n", &PyDict_Type, &singles, &PyDict_Type, &nested, &maxlen))
        return NULL;
    Py_ssize_t count = PyDict_GET_SIZE(singles);
    PyObject *first, *inner, *second, *entries;
    Py_ssize_t pos = 0;
    while (PyDict_Next(nested, &pos, &first, &inner)) {
        if (!PyDict_Check(inner)) {
            PyErr_SetString(PyExc_TypeError, "nested values must be dicts");
            return NULL;
        }
        count += PyDict_GET_SIZE(inner);
    }
    grams_t *g = PyMem_Calloc(1, sizeof(grams_t));
    if (g == NULL)
        return PyErr_NoMemory();
    size_t size = 16;
    while (size < (size_t)count * 2 + 1)
        size <<= 1;
    g->hashes = PyMem_Calloc(size, sizeof(uint64_t));
    g->which = PyMem_Calloc(size, sizeof(int32_t));
    g->items = PyMem_Calloc(count > 0 ? count : 1, sizeof(gram_t));
    if (g->hashes == NULL || g->which == NULL || g->items == NULL || count > 0x7FFFFFFF) {
        grams_free(g);
        return PyErr_NoMemory();
    }
    g->mask = size - 1;
    g->maxlen = maxlen;
    pos = 0;
    while (PyDict_Next(singles, &pos, &first, &entries))
        if (grams_insert(g, first, NULL, entries) < 0)
            goto fail;
    pos = 0;
    while (PyDict_Next(nested, &pos, &first, &inner)) {
        Py_ssize_t pos2 = 0;
        while (PyDict_Next(inner, &pos2, &second, &entries))
            if (grams_insert(g, first, second, entries) < 0)
                goto fail;
    }
    PyObject *capsule = PyCapsule_New(g, GRAMS_CAPSULE, grams_capsule_free);
    if (capsule == NULL)
        goto fail;
    return capsule;
fail:
    grams_free(g);
    return NULL;
}

static inline int
same_run(const grams_t *g, Py_ssize_t off, Py_ssize_t len, int kind, const void *data,
         Py_ssize_t start, Py_ssize_t end)
{
    if (len != end - start)
        return 0;
    for (Py_ssize_t k = 0; k < len; k++)
        if (g->cps[off + k] != PyUnicode_READ(kind, data, start + k))
            return 0;
    return 1;
}

/* The gram of run [as, ae) (and, when bs >= 0, of the next run [bs, be)), or NULL. */
static const gram_t *
grams_find(const grams_t *g, uint64_t hash, int kind, const void *data, Py_ssize_t as,
           Py_ssize_t ae, Py_ssize_t bs, Py_ssize_t be)
{
    size_t at = hash & g->mask;
    for (;;) {
        uint64_t h = g->hashes[at];
        if (h == 0)
            return NULL;
        if (h == hash) {
            const gram_t *s = &g->items[g->which[at]];
            if ((s->b_len < 0) == (bs < 0) && same_run(g, s->a_off, s->a_len, kind, data, as, ae)
                    && (bs < 0 || same_run(g, s->b_off, s->b_len, kind, data, bs, be)))
                return s;
        }
        at = (at + 1) & g->mask;
    }
}

typedef struct {
    uint64_t *v;
    Py_ssize_t n, cap;
} hits_t;

static int
hits_add(hits_t *h, const grams_t *g, const gram_t *s, Py_ssize_t pos)
{
    for (Py_ssize_t k = 0; k < s->e_n; k++) {
        int64_t key = g->entries[s->e_off + 2 * k], skip = g->entries[s->e_off + 2 * k + 1];
        if (pos < skip)
            continue;
        if (reserve((void **)&h->v, &h->cap, h->n + 1, sizeof(uint64_t)) < 0)
            return -1;
        h->v[h->n++] = ((uint64_t)key << 32) | (uint64_t)(pos - skip);
    }
    return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sort the ``key << 32 | position`` values of ``h`` and drop repeats; how many are left, or -1
 * (no memory). Keys are few and small, and each key's positions arrive almost in order (each of
 * its grams gives them in walk order, shifted back by at most the largest skip): a counting sort
 * by key, then an insertion sort of each key's run; a quicksort when the keys are too many. */
static Py_ssize_t
sort_hits(hits_t *h, int64_t nkeys)
{
    Py_ssize_t n = h->n;
    if (n == 0)
        return 0;
    if (nkeys > 4 * (int64_t)n + 1024) {
        qsort(h->v, n, sizeof(uint64_t), cmp_u64);
    } else {
        Py_ssize_t *next = PyMem_Calloc((size_t)nkeys + 1, sizeof(Py_ssize_t));
        uint64_t *out = PyMem_Malloc(sizeof(uint64_t) * n);
        if (next == NULL || out == NULL) {
            PyMem_Free(next);
            PyMem_Free(out);
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t k = 0; k < n; k++)
            next[(h->v[k] >> 32) + 1]++;
        for (int64_t key = 1; key <= nkeys; key++)
            next[key] += next[key - 1];
        for (Py_ssize_t k = 0; k < n; k++)
            out[next[h->v[k] >> 32]++] = h->v[k];
        for (Py_ssize_t i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && (out[j] >> 32) == (out[i] >> 32); j++) {
                uint64_t x = out[j];
                Py_ssize_t k = j;
                for (; k > i && out[k - 1] > x; k--)
                    out[k] = out[k - 1];
                out[k] = x;
            }
        }
        PyMem_Free(next);
        PyMem_Free(h->v);
        h->v = out;
        h->cap = n;
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (m == 0 || h->v[m - 1] != h->v[k])
            h->v[m++] = h->v[k];
    return m;
}

/* anchor_scan(grams, folded) -> (frozenset keys, bytes hits) | None
 *
 * Walks the word runs ([\p{L}\p{N}]+) of ``folded``. A run that is a single gram adds its
 * start for each (key, skip) entry, shifted back by ``skip`` when that stays >= 0; a run and the
 * run after it that are a pair gram add the first run's start the same way. Runs longer than
 * the longest gram run are never looked up (and break a pair). None when ``folded`` holds a
 * TRAP character (``case_safe`` is false: every position must be tried); else the keys that
 * may start somewhere and the packed, sorted, distinct ``key << 32 | position`` values (native
 * byte order). */
static PyObject *
anchor_scan(PyObject *self, PyObject *args)
{
    PyObject *capsule, *text;
    if (!PyArg_ParseTuple(args, "OU", &capsule, &text))
        return NULL;
    const grams_t *g = PyCapsule_GetPointer(capsule, GRAMS_CAPSULE);
    if (g == NULL)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > 0xFFFFFFFFLL) {
        PyErr_SetString(PyExc_ValueError, "text too long for packed positions");
        return NULL;
    }
    hits_t h = {NULL, 0, 0};
    Py_ssize_t i = 0, start = 0, prev_start = -1, prev_end = -1;
    uint64_t prev_hash = 0;
    int after, found_run;
    while ((found_run = next_run(kind, data, n, &i, F_LETTER | F_DIGIT, F_TRAP, &start, &after)) == 1) {
        if (i - start > g->maxlen) {
            prev_start = -1;
            continue;
        }
        uint64_t hr = run_hash_text(kind, data, start, i);
        const gram_t *s;
        if (prev_start >= 0) {
            s = grams_find(g, gram_hash(prev_hash, hr, 1), kind, data, prev_start, prev_end, start, i);
            if (s != NULL && hits_add(&h, g, s, prev_start) < 0)
                goto fail;
        }
        s = grams_find(g, gram_hash(hr, 0, 0), kind, data, start, i, -1, -1);
        if (s != NULL && hits_add(&h, g, s, start) < 0)
            goto fail;
        prev_start = start;
        prev_end = i;
        prev_hash = hr;
    }
    if (found_run < 0)
        goto fail;
    if (found_run == 2) {
        PyMem_Free(h.v);
        Py_RETURN_NONE;
    }
    Py_ssize_t m = sort_hits(&h, g->nkeys);
    if (m < 0)
        goto fail;
    PyObject *keys = PyFrozenSet_New(NULL);
    if (keys == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < m; k++) {
        if (k > 0 && (h.v[k] >> 32) == (h.v[k - 1] >> 32))
            continue;
        PyObject *key = PyLong_FromUnsignedLongLong(h.v[k] >> 32);
        if (key == NULL || PySet_Add(keys, key) < 0) {
            Py_XDECREF(key);
            Py_DECREF(keys);
            goto fail;
        }
        Py_DECREF(key);
    }
    PyObject *packed = PyBytes_FromStringAndSize((const char *)h.v, (Py_ssize_t)(m * sizeof(uint64_t)));
    PyMem_Free(h.v);
    if (packed == NULL) {
        Py_DECREF(keys);
        return NULL;
    }
    return Py_BuildValue("(NN)", keys, packed);
fail:
    PyMem_Free(h.v);
    return NULL;
}

/* anchor_starts(hits, key) -> [position]: the sorted positions of ``key`` in ``anchor_scan``'s
 * packed hits. */
static PyObject *
anchor_starts(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    long long key;
    if (!PyArg_ParseTuple(args, "y*L", &buf, &key))
        return NULL;
    const uint64_t *v = buf.buf;
    Py_ssize_t n = buf.len / (Py_ssize_t)sizeof(uint64_t), lo = 0, hi = n;
    PyObject *out = PyList_New(0);
    if (out == NULL || key < 0 || key > 0x7FFFFFFF)
        goto done;
    uint64_t want = (uint64_t)key << 32;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (v[mid] < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (Py_ssize_t k = lo; k < n && (v[k] >> 32) == (uint64_t)key; k++) {
        if (append_new(out, PyLong_FromUnsignedLongLong(v[k] & 0xFFFFFFFFULL)) < 0) {
            Py_CLEAR(out);
            break;
        }
    }
done:
    PyBuffer_Release(&buf);
    return out;
}

/* ---------------------------------------------------------------- teencode */

/* teencode_runs(low, keys, maxlen) -> [(start, end, run)]
 *
 * Letter runs (\p{L}+) of ``low`` that are members of ``keys``, not preceded by a digit, "_",
 * "#" or "@" and not followed by a digit or "_" — the matches of
 * (?<![\p{L}\p{N}_#@])(?:key|...)(?![\p{L}\p{N}_]) over ``low``, in order.
 */
static PyObject *
teencode_runs(PyObject *self, PyObject *args)
{
    PyObject *text, *keys;
    Py_ssize_t maxlen;
    if (!PyArg_ParseTuple(args, "UOn", &text, &keys, &maxlen))
        return NULL;
    if (!PyAnySet_Check(keys)) {
        PyErr_SetString(PyExc_TypeError, "keys must be a set or frozenset");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0, start = 0;
    int after, found_run;
    while ((found_run = next_run(kind, data, n, &i, F_LETTER, 0, &start, &after)) == 1) {
        if (i - start > maxlen)
            continue;
        if (start > 0) {
            Py_UCS4 before = PyUnicode_READ(kind, data, start - 1);
            int fb = flags_of(before);
            if (fb < 0)
                goto fail;
            if ((fb & F_DIGIT) || before == '_' || before == '#' || before == '@')
                continue;
        }
        if (i < n && ((after & F_DIGIT) || PyUnicode_READ(kind, data, i) == '_'))
            continue;
        PyObject *token = PyUnicode_Substring(text, start, i);
        if (token == NULL)
            goto fail;
        int member = PySet_Contains(keys, token);
        if (member > 0) {
            if (append_new(out, Py_BuildValue("(nnN)", start, i, token)) < 0)
                goto fail;
        } else {
            Py_DECREF(token);
            if (member < 0)
                goto fail;
        }
    }
    if (found_run < 0)
        goto fail;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* expand_tokens(s, tokens) -> (expanded, offsets)
 *
 * ``tokens``: ordered, non-overlapping (start, end, replacement). The text with every token
 * replaced, and for each of its characters the offset in ``s`` it came from (the i-th
 * character of a replacement of a token of length n comes from start + min(i, n - 1)) — the
 * result of ``text._expand`` with the offsets as a tuple.
 */
static PyObject *
expand_tokens(PyObject *self, PyObject *args)
{
    PyObject *text, *tokens;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyList_Type, &tokens))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = PyList_GET_SIZE(tokens);
    Py_ssize_t size = n, prev = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *tok = PyList_GET_ITEM(tokens, k);
        Py_ssize_t start, end;
        PyObject *repl;
        if (!PyTuple_Check(tok) || !PyArg_ParseTuple(tok, "nnU", &start, &end, &repl))
            return PyErr_Occurred() ? NULL : (PyErr_SetString(PyExc_TypeError, "tokens must be (start, end, str)"), NULL);
        if (start < prev || end <= start || end > n) {
            PyErr_SetString(PyExc_ValueError, "tokens must be ordered, non-overlapping and non-empty");
            return NULL;
        }
        size += PyUnicode_GET_LENGTH(repl) - (end - start);
        prev = end;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size > 0 ? size : 1));
    PyObject *offsets = PyTuple_New(size);
    if (buf == NULL || offsets == NULL) {
        PyMem_Free(buf);
        Py_XDECREF(offsets);
        return PyErr_NoMemory();
    }
    Py_ssize_t out = 0, pos = 0;
    for (Py_ssize_t k = 0; k <= count; k++) {
        Py_ssize_t start = n, end = n;
        PyObject *repl = NULL;
        if (k < count) {
            PyObject *tok = PyList_GET_ITEM(tokens, k);
            start = PyLong_AsSsize_t(PyTuple_GET_ITEM(tok, 0));
            end = PyLong_AsSsize_t(PyTuple_GET_ITEM(tok, 1));
            repl = PyTuple_GET_ITEM(tok, 2);
        }
        for (; pos < start; pos++, out++) {
            buf[out] = PyUnicode_READ(kind, data, pos);
            PyObject *o = PyLong_FromSsize_t(pos);
            if (o == NULL)
                goto fail;
            PyTuple_SET_ITEM(offsets, out, o);
        }
        if (repl == NULL)
            break;
        int rkind = PyUnicode_KIND(repl);
        const void *rdata = PyUnicode_DATA(repl);
        Py_ssize_t rlen = PyUnicode_GET_LENGTH(repl), len = end - start;
        for (Py_ssize_t i = 0; i < rlen; i++, out++) {
            buf[out] = PyUnicode_READ(rkind, rdata, i);
            PyObject *o = PyLong_FromSsize_t(start + (i < len - 1 ? i : len - 1));
            if (o == NULL)
                goto fail;
            PyTuple_SET_ITEM(offsets, out, o);
        }
        pos = end;
    }
    PyObject *expanded = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, size);
    PyMem_Free(buf);
    if (expanded == NULL) {
        Py_DECREF(offsets);
        return NULL;
    }
    return Py_BuildValue("(NN)", expanded, offsets);
fail:
    PyMem_Free(buf);
    Py_DECREF(offsets);
    return NULL;
}

/* has_flag(text, mask) -> bool: does any character of ``text`` have a flag of ``mask``? */
static PyObject *
has_flag(PyObject *self, PyObject *args)
{
    PyObject *text;
    int mask;
    if (!PyArg_ParseTuple(args, "Ui", &text, &mask))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        int f = flags_of(PyUnicode_READ(kind, data, i));
        if (f < 0)
            return NULL;
        if (f & mask)
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

/* ---------------------------------------------------------------- diacritics */

/* syllable_counts(s) -> (letter runs, letter runs holding a marked letter) */
static PyObject *
syllable_counts(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "syllable_counts() needs a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t total = 0, marked = 0;
    int in_run = 0, run_marked = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int f = flags_of(PyUnicode_READ(kind, data, i));
        if (f < 0)
            return NULL;
        if (f & F_LETTER) {
            if (!in_run) {
                in_run = 1;
                run_marked = 0;
                total++;
            }
            if ((f & F_MARKED) && !run_marked) {
                run_marked = 1;
                marked++;
            }
        } else {
            in_run = 0;
        }
    }
    return Py_BuildValue("(nn)", total, marked);
}

/* ---------------------------------------------------------------- phrase matching */

/* End of syllables i… of ``alt`` matched at ``p`` (then not followed by a letter or digit
 * before ``endpos``), -1 if they do not match, -2 with an exception set. Between syllables a
 * run of SEP characters is tried longest first, then shorter, then empty: the backtracking
 * order of (?:[\p{Zs}\t_\-]+|). */
static Py_ssize_t
match_syllables(int kind, const void *data, Py_ssize_t endpos, PyObject *alt, Py_ssize_t i,
                Py_ssize_t p)
{
    PyObject *syl = PyTuple_GET_ITEM(alt, i);
    Py_ssize_t len = PyUnicode_GET_LENGTH(syl);
    if (p + len > endpos)
        return -1;
    int skind = PyUnicode_KIND(syl);
    const void *sdata = PyUnicode_DATA(syl);
    for (Py_ssize_t k = 0; k < len; k++) {
        if (PyUnicode_READ(kind, data, p + k) != PyUnicode_READ(skind, sdata, k))
            return -1;
    }
    Py_ssize_t q = p + len;
    if (i == PyTuple_GET_SIZE(alt) - 1) {
        if (q < endpos) {
            int f = flags_of(PyUnicode_READ(kind, data, q));
            if (f < 0)
                return -2;
            if (f & (F_LETTER | F_DIGIT))
                return -1;
        }
        return q;
    }
    Py_ssize_t run = 0;
    while (q + run < endpos) {
        int f = flags_of(PyUnicode_READ(kind, data, q + run));
        if (f < 0)
            return -2;
        if (!(f & F_SEP))
            break;
        run++;
    }
    for (Py_ssize_t n = run; n >= 0; n--) {
        Py_ssize_t end = match_syllables(kind, data, endpos, alt, i + 1, q + n);
        if (end != -1)
            return end;
    }
    return -1;
}

/* End of the first alternative of ``alts`` matching at ``pos`` (not preceded by a letter or
 * digit), -1 if none, -2 with an exception set. */
static Py_ssize_t
match_alternatives(int kind, const void *data, Py_ssize_t pos, Py_ssize_t endpos, PyObject *alts)
{
    if (pos > 0) {
        int f = flags_of(PyUnicode_READ(kind, data, pos - 1));
        if (f < 0)
            return -2;
        if (f & (F_LETTER | F_DIGIT))
            return -1;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(alts);
    for (Py_ssize_t a = 0; a < count; a++) {
        Py_ssize_t end = match_syllables(kind, data, endpos, PyTuple_GET_ITEM(alts, a), 0, pos);
        if (end != -1)
            return end;
    }
    return -1;
}

static int
check_alternatives(PyObject *alts)
{
    if (!PyTuple_Check(alts)) {
        PyErr_SetString(PyExc_TypeError, "alternatives must be a tuple of tuples of str");
        return -1;
    }
    for (Py_ssize_t a = 0; a < PyTuple_GET_SIZE(alts); a++) {
        PyObject *alt = PyTuple_GET_ITEM(alts, a);
        if (!PyTuple_Check(alt) || PyTuple_GET_SIZE(alt) == 0) {
            PyErr_SetString(PyExc_TypeError, "an alternative must be a non-empty tuple of str");
            return -1;
        }
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(alt); i++) {
            if (!PyUnicode_Check(PyTuple_GET_ITEM(alt, i))) {
                PyErr_SetString(PyExc_TypeError, "syllables must be str");
                return -1;
            }
        }
    }
    return 0;
}

/* phrase_match(text, pos, endpos, alts) -> end or -1
 *
 * ``pattern.match(text, pos, endpos)`` of the phrase alternation
 * (?<![\p{L}\p{N}])(?:s11 SEP s12 …|s21 …|…)(?![\p{L}\p{N}]), SEP = (?:[\p{Zs}\t_\-]+|),
 * compared character by character: the caller passes only syllables and texts for which the
 * pattern's IGNORECASE comparison is equality (ASCII syllables, ``case_safe`` text).
 * ``phrase_spans`` runs the same matcher; this entry point lets tests/test_native.py compare it
 * with the ``regex`` pattern at any (pos, endpos).
 */
static PyObject *
phrase_match(PyObject *self, PyObject *args)
{
    PyObject *text, *alts;
    Py_ssize_t pos, endpos;
    if (!PyArg_ParseTuple(args, "UnnO", &text, &pos, &endpos, &alts))
        return NULL;
    if (check_alternatives(alts) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (endpos > n)
        endpos = n;
    if (pos < 0 || pos > endpos)
        return PyLong_FromSsize_t(-1);
    Py_ssize_t end = match_alternatives(PyUnicode_KIND(text), PyUnicode_DATA(text), pos, endpos, alts);
    if (end == -2)
        return NULL;
    return PyLong_FromSsize_t(end);
}

/* Is the match [start, end) of the folded view compatible with the diacritics written in
 * ``source``? ``PhrasePattern._compatible``: memoised in ``memo`` by (quote, rich); a miss
 * asks ``compat(quote, rich)`` and empties the memo first when it holds over MEMO_MAX answers.
 * 1, 0, or -1 with an exception set. */
#define MEMO_MAX 4096
static int
compatible(PyObject *source, Py_ssize_t start, Py_ssize_t end, int rich, PyObject *memo,
           PyObject *compat)
{
    int skind = PyUnicode_KIND(source);
    const void *sdata = PyUnicode_DATA(source);
    if (PyUnicode_READ(skind, sdata, start) == '#' ||
        (start > 0 && PyUnicode_READ(skind, sdata, start - 1) == '#'))
        rich = 0;  /* hashtags are usually typed without diacritics */
    PyObject *quote = PyUnicode_Substring(source, start, end);
    if (quote == NULL)
        return -1;
    PyObject *key = Py_BuildValue("(OO)", quote, rich ? Py_True : Py_False);
    if (key == NULL) {
        Py_DECREF(quote);
        return -1;
    }
    PyObject *answer = PyDict_GetItemWithError(memo, key);  /* borrowed */
    int result = -1;
    if (answer != NULL) {
        result = PyObject_IsTrue(answer);
    } else if (!PyErr_Occurred()) {
        answer = PyObject_CallFunctionObjArgs(compat, quote, rich ? Py_True : Py_False, NULL);
        if (answer != NULL) {
            if (PyDict_GET_SIZE(memo) > MEMO_MAX)
                PyDict_Clear(memo);
            if (PyDict_SetItem(memo, key, answer) == 0)
                result = PyObject_IsTrue(answer);
            Py_DECREF(answer);
        }
    }
    Py_DECREF(key);
    Py_DECREF(quote);
    return result;
}

/* phrase_spans(folded, source, starts, alts, memo, compat, rich_of) -> [(start, end)]
 *
 * ``PhrasePattern.spans`` after the phrase-start index, for a ``case_safe`` folded view with
 * ASCII syllables: the phrase alternation at every start (``phrase_match``), then for each
 * match ``PhrasePattern._accept`` — the longest alternative ending at a word boundary whose
 * written diacritics agree (``compatible``), else the shorter alternatives at the same start.
 * ``rich_of(source)`` (``text.diacritic_rich``) is asked once, at the first match.
 */
static PyObject *
phrase_spans(PyObject *self, PyObject *args)
{
    PyObject *folded, *source, *starts, *alts, *memo, *compat, *rich_of;
    if (!PyArg_ParseTuple(args, "UUOOO!OO", &folded, &source, &starts, &alts, &PyDict_Type, &memo,
                          &compat, &rich_of))
        return NULL;
    if (check_alternatives(alts) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(folded);
    if (PyUnicode_GET_LENGTH(source) != n) {
        PyErr_SetString(PyExc_ValueError, "folded and source must have the same length");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(starts, "starts must be a sequence of ints");
    if (seq == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    int rich = -1;  /* not asked yet */
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); k++) {
        Py_ssize_t start = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(seq, k));
        if (start == -1 && PyErr_Occurred())
            goto fail;
        if (start < 0 || start > n)
            continue;
        Py_ssize_t end = match_alternatives(kind, data, start, n, alts);
        if (end == -2)
            goto fail;
        if (rich < 0 && end >= 0) {
            PyObject *r = PyObject_CallOneArg(rich_of, source);
            if (r == NULL)
                goto fail;
            rich = PyObject_IsTrue(r);
            Py_DECREF(r);
            if (rich < 0)
                goto fail;
        }
        while (end > start) {
            int real = end == n;
            if (!real) {
                int f = flags_of(PyUnicode_READ(kind, data, end));
                if (f < 0)
                    goto fail;
                real = !(f & (F_LETTER | F_DIGIT));
            }
            if (real) {
                int ok = compatible(source, start, end, rich, memo, compat);
                if (ok < 0)
                    goto fail;
                if (ok) {
                    if (append_new(out, Py_BuildValue("(nn)", start, end)) < 0)
                        goto fail;
                    break;
                }
            }
            end = match_alternatives(kind, data, start, end - 1, alts);
            if (end == -2)
                goto fail;
        }
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------ hashed features
 * The comment classifiers' feature sums (``models/textclf.py``: ``_char_part``, ``_mix`` and
 * the per-document sums over a stacked float32 weight table): every feature occurrence of a
 * document adds its table row to the document's float64 total. */

typedef struct {
    Py_buffer view;
    int ok;
} buf_t;

/* A C-contiguous buffer of items of ``itemsize`` bytes whose format letter is one of ``formats``
 * ("f" float32, "d" float64, "lq" int64). */
static int
get_buf(PyObject *obj, buf_t *b, int writable, Py_ssize_t itemsize, const char *formats)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &b->view, flags) < 0)
        return -1;
    b->ok = 1;
    const char *f = b->view.format ? b->view.format : "B";
    size_t n = strlen(f);
    if (b->view.itemsize != itemsize || n == 0 || strchr(formats, f[n - 1]) == NULL
        || (n > 1 && strchr("@=<", f[0]) == NULL)) {
        PyErr_Format(PyExc_TypeError, "_ctext: expected a native array of format '%s' (itemsize %zd)",
                     formats, itemsize);
        return -1;
    }
    return 0;
}

static void
rel_buf(buf_t *b)
{
    if (b->ok)
        PyBuffer_Release(&b->view);
    b->ok = 0;
}

static inline uint64_t
mix64(uint64_t x, uint64_t k1, uint64_t k2)
{
    x = (x ^ (x >> 30)) * k1;
    x = (x ^ (x >> 27)) * k2;
    return x ^ (x >> 31);
}

static inline void
add_row(double *acc, const float *table, uint64_t bucket, Py_ssize_t k)
{
    const float *row = table + bucket * (uint64_t)k;
    for (Py_ssize_t j = 0; j < k; j++)
        acc[j] += (double)row[j];
}

/* The tables are larger than the caches (a row per hash bucket), so nearly every row read
 * misses them. Rows are requested ``AHEAD`` additions before they are added: the reads of
 * several rows overlap instead of following one another. The additions keep their order, so
 * the sums are the same to the last bit. */
#define AHEAD 16

typedef struct {
    uint64_t pending[AHEAD];  /* buckets requested and not yet added, oldest at ``count % AHEAD`` */
    Py_ssize_t count;
} ahead_t;

static inline void
prefetch_row(const float *table, uint64_t bucket, Py_ssize_t k)
{
    const char *row = (const char *)(table + bucket * (uint64_t)k);
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(row);
    __builtin_prefetch(row + (size_t)k * sizeof(float) - 1);  /* (a row may span two lines) */
#else
    (void)row;
#endif
}

/* Queue the row of ``bucket`` for ``acc``, adding the row queued ``AHEAD`` calls ago. */
static inline void
add_row_ahead(ahead_t *q, double *acc, const float *table, uint64_t bucket, Py_ssize_t k)
{
    prefetch_row(table, bucket, k);
    Py_ssize_t slot = q->count % AHEAD;
    if (q->count >= AHEAD)
        add_row(acc, table, q->pending[slot], k);
    q->pending[slot] = bucket;
    q->count++;
}

/* Add every row still queued, oldest first. */
static inline void
drain_ahead(ahead_t *q, double *acc, const float *table, Py_ssize_t k)
{
    Py_ssize_t first = q->count > AHEAD ? q->count - AHEAD : 0;
    for (Py_ssize_t i = first; i < q->count; i++)
        add_row(acc, table, q->pending[i % AHEAD], k);
    q->count = 0;
}

/* char_ngrams_add(table, k, strings, total, (p, k1, k2, salt_even, salt_odd, mask, max_n)):
 * ``table`` float32 [rows, k], ``total`` float64 [documents, k]; ``strings`` holds two strings
 * per document (document i: strings 2i and 2i+1, salted with ``salt_even`` and ``salt_odd``).
 * Adds the row of every character n-gram, n = 1 … max_n (hash: ``c0·k1``, then ``h·p + c``;
 * bucket ``mix(h + salt·n) & mask``; an n-gram ending on a NUL is left out), to ``total[i]``. */
static PyObject *
char_ngrams_add(PyObject *self, PyObject *args)
{
    PyObject *table_obj, *strings, *total_obj;
    Py_ssize_t k;
    unsigned long long p, k1, k2, salt_even, salt_odd, mask;
    int max_n;
    if (!PyArg_ParseTuple(args, "OnO!O(KKKKKKi)", &table_obj, &k, &PyList_Type, &strings, &total_obj,
                          &p, &k1, &k2, &salt_even, &salt_odd, &mask, &max_n))
        return NULL;
    Py_ssize_t n_strings = PyList_GET_SIZE(strings);
    if (k <= 0 || max_n <= 0 || n_strings % 2) {
        PyErr_SetString(PyExc_ValueError, "char_ngrams_add: bad arguments");
        return NULL;
    }
    buf_t tb = {.ok = 0}, ob = {.ok = 0};
    PyObject *result = NULL;  /* (fail: buffers released, NULL returned) */
    if (get_buf(table_obj, &tb, 0, sizeof(float), "f") < 0 || get_buf(total_obj, &ob, 1, sizeof(double), "d") < 0)
        goto fail;
    Py_ssize_t rows = tb.view.len / (Py_ssize_t)sizeof(float) / k;
    if ((uint64_t)mask >= (uint64_t)rows || ob.view.len / (Py_ssize_t)sizeof(double) < n_strings / 2 * k) {
        PyErr_SetString(PyExc_ValueError, "char_ngrams_add: table or total too small");
        goto fail;
    }
    const float *table = (const float *)tb.view.buf;
    double *total = (double *)ob.view.buf;
    for (Py_ssize_t i = 0; i < n_strings; i++) {
        PyObject *s = PyList_GET_ITEM(strings, i);
        if (!PyUnicode_Check(s)) {
            PyErr_SetString(PyExc_TypeError, "char_ngrams_add: strings must be str");
            goto fail;
        }
        int kind = PyUnicode_KIND(s);
        const void *data = PyUnicode_DATA(s);
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        uint64_t salt = (i & 1) ? salt_odd : salt_even;
        double *acc = total + (i / 2) * k;
        ahead_t q = {.count = 0};
        for (Py_ssize_t pos = 0; pos < len; pos++) {
            uint64_t h = (uint64_t)PyUnicode_READ(kind, data, pos) * k1;
            for (int n = 1; n <= max_n && pos + n - 1 < len; n++) {
                uint64_t c = PyUnicode_READ(kind, data, pos + n - 1);
                if (n > 1)
                    h = h * p + c;
                if (c != 0)
                    add_row_ahead(&q, acc, table, mix64(h + salt * (uint64_t)n, k1, k2) & mask, k);
            }
        }
        drain_ahead(&q, acc, table, k);
    }
    result = Py_NewRef(Py_None);
fail:
    rel_buf(&tb);
    rel_buf(&ob);
    return result;
}

/* gather_add(table, k, doc, bucket, total): ``doc`` and ``bucket`` (int64) of every occurrence
 * of some features; adds ``table[bucket]`` (float32) to ``total[doc]`` (float64). */
static PyObject *
gather_add(PyObject *self, PyObject *args)
{
    PyObject *table_obj, *doc_obj, *bucket_obj, *total_obj;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "OnOOO", &table_obj, &k, &doc_obj, &bucket_obj, &total_obj))
        return NULL;
    if (k <= 0) {
        PyErr_SetString(PyExc_ValueError, "gather_add: bad k");
        return NULL;
    }
    buf_t tb = {.ok = 0}, db = {.ok = 0}, bb = {.ok = 0}, ob = {.ok = 0};
    PyObject *result = NULL;  /* (fail: buffers released, NULL returned) */
    if (get_buf(table_obj, &tb, 0, sizeof(float), "f") < 0 || get_buf(doc_obj, &db, 0, sizeof(int64_t), "lq") < 0
        || get_buf(bucket_obj, &bb, 0, sizeof(int64_t), "lq") < 0 || get_buf(total_obj, &ob, 1, sizeof(double), "d") < 0)
        goto fail;
    if (bb.view.len != db.view.len) {
        PyErr_SetString(PyExc_ValueError, "gather_add: doc and bucket differ in length");
        goto fail;
    }
    Py_ssize_t n = db.view.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t rows = tb.view.len / (Py_ssize_t)sizeof(float) / k;
    Py_ssize_t docs = ob.view.len / (Py_ssize_t)sizeof(double) / k;
    const float *table = (const float *)tb.view.buf;
    const int64_t *doc = (const int64_t *)db.view.buf, *bucket = (const int64_t *)bb.view.buf;
    double *total = (double *)ob.view.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (doc[i] < 0 || doc[i] >= docs || bucket[i] < 0 || bucket[i] >= rows) {
            PyErr_SetString(PyExc_IndexError, "gather_add: document or bucket out of range");
            goto fail;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {  /* (checked above: rows are requested AHEAD early) */
        if (i + AHEAD < n)
            prefetch_row(table, (uint64_t)bucket[i + AHEAD], k);
        add_row(total + doc[i] * k, table, (uint64_t)bucket[i], k);
    }
    result = Py_NewRef(Py_None);
fail:
    rel_buf(&tb);
    rel_buf(&db);
    rel_buf(&bb);
    rel_buf(&ob);
    return result;
}

/* word_hashes(texts, cache, tok) -> (bytes, counts): the comment featuriser's word tokens
 * (``textclf._word_parts``): every run of letters and digits (``[\p{L}\p{N}]+``) of each text is
 * looked up in ``cache`` (token → tuple of int hashes), or given to ``tok(token)`` (which
 * fills the cache) when absent; the hashes of all texts in order as native uint64 bytes, and
 * how many each text gave. */
static PyObject *
word_hashes(PyObject *self, PyObject *args)
{
    PyObject *texts, *cache, *tok;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyList_Type, &texts, &PyDict_Type, &cache, &tok))
        return NULL;
    Py_ssize_t n_texts = PyList_GET_SIZE(texts), cap = 256, used = 0;
    uint64_t *out = PyMem_Malloc(cap * sizeof(uint64_t));
    PyObject *counts = PyList_New(n_texts);
    if (out == NULL || counts == NULL) {
        PyMem_Free(out);
        Py_XDECREF(counts);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t t = 0; t < n_texts; t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "word_hashes: texts must be str");
            goto fail;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, start = 0, before = used;
        int after, found_run;
        while ((found_run = next_run(kind, data, n, &i, F_LETTER | F_DIGIT, 0, &start, &after)) == 1) {
            PyObject *token = PyUnicode_Substring(text, start, i);
            if (token == NULL)
                goto fail;
            PyObject *hashes = PyDict_GetItemWithError(cache, token);  /* borrowed */
            if (hashes != NULL) {
                Py_INCREF(hashes);
            } else if (!PyErr_Occurred()) {
                hashes = PyObject_CallOneArg(tok, token);
            }
            Py_DECREF(token);
            if (hashes == NULL)
                goto fail;
            if (!PyTuple_Check(hashes)) {
                Py_DECREF(hashes);
                PyErr_SetString(PyExc_TypeError, "word_hashes: token hashes must be a tuple");
                goto fail;
            }
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(hashes); j++) {
                unsigned long long v = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(hashes, j));
                if (v == (unsigned long long)-1 && PyErr_Occurred()) {
                    Py_DECREF(hashes);
                    goto fail;
                }
                if (used == cap) {
                    uint64_t *grown = PyMem_Realloc(out, 2 * cap * sizeof(uint64_t));
                    if (grown == NULL) {
                        Py_DECREF(hashes);
                        PyErr_NoMemory();
                        goto fail;
                    }
                    out = grown;
                    cap *= 2;
                }
                out[used++] = (uint64_t)v;
            }
            Py_DECREF(hashes);
        }
        if (found_run < 0)
            goto fail;
        PyObject *count = PyLong_FromSsize_t(used - before);
        if (count == NULL)
            goto fail;
        PyList_SET_ITEM(counts, t, count);
    }
    PyObject *raw = PyBytes_FromStringAndSize((const char *)out, used * (Py_ssize_t)sizeof(uint64_t));
    PyMem_Free(out);
    if (raw == NULL) {
        Py_DECREF(counts);
        return NULL;
    }
    return Py_BuildValue("(NN)", raw, counts);
fail:
    PyMem_Free(out);
    Py_DECREF(counts);
    return NULL;
}

static PyMethodDef methods[] = {
    {"set_classifier", set_classifier, METH_O, "Install the per-block character classifier."},
    {"set_mappings", set_mappings, METH_O, "Install the per-block one-to-one character mappings."},
    {"map_text", map_text, METH_VARARGS, "Map every character of a text (0: fold, 1: lower)."},
    {"anchor_grams", anchor_grams, METH_VARARGS, "The anchor grams of an index, held in C."},
    {"anchor_scan", anchor_scan, METH_VARARGS, "Packed anchor hits of a text over native grams."},
    {"anchor_starts", anchor_starts, METH_VARARGS, "One key's start positions in packed hits."},
    {"teencode_runs", teencode_runs, METH_VARARGS, "Teencode keys written as whole letter runs."},
    {"syllable_counts", syllable_counts, METH_O, "Letter runs, and those carrying a diacritic."},
    {"has_flag", has_flag, METH_VARARGS, "Does any character have one of the flags of mask?"},
    {"expand_tokens", expand_tokens, METH_VARARGS, "Replace tokens; offsets back into the text."},
    {"phrase_match", phrase_match, METH_VARARGS, "End of the phrase alternation matched at pos, or -1."},
    {"phrase_spans", phrase_spans, METH_VARARGS, "Phrase matches whose written diacritics agree."},
    {"char_ngrams_add", char_ngrams_add, METH_VARARGS, "Add the table rows of every char n-gram."},
    {"gather_add", gather_add, METH_VARARGS, "Add the table rows of one feature family."},
    {"word_hashes", word_hashes, METH_VARARGS, "Hashes of the word tokens of many texts."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ctext", "Compiled text kernels (see tinnhiem/_native.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__ctext(void)
{
    return PyModule_Create(&module);
}
