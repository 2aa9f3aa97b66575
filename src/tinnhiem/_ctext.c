/* Compiled text kernels of the rule engine (performance only; see tinnhiem/_native.py).
 *
 * Each function is the C form of a pure-Python loop that stays in the code base as the
 * reference (and the fallback when this module is not built); tests/test_native.py compares
 * both on generated text. Character classes come from Python: ``set_classifier(f)`` installs
 * a function ``f(block) -> bytes(256)`` giving the flags of the code points
 * ``block * 256 ... block * 256 + 255`` (LETTER = \p{L}, DIGIT = \p{N}, MARKED = a letter that
 * carries a Vietnamese diacritic, TRAP = a case variant that defeats equality tests on folded
 * text, see ``_textscan.case_safe``), asked once per block and kept for the process, so the
 * classes are exactly those of the ``regex`` module and of ``tinnhiem.text``.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define F_LETTER 1
#define F_DIGIT 2
#define F_MARKED 4
#define F_TRAP 8
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

static PyObject *
set_classifier(PyObject *self, PyObject *func)
{
    if (!PyCallable_Check(func)) {
        PyErr_SetString(PyExc_TypeError, "set_classifier() needs a callable");
        return NULL;
    }
    for (unsigned int b = 0; b < NBLOCKS; b++) {
        Py_CLEAR(block_objs[b]);
        blocks[b] = NULL;
    }
    Py_INCREF(func);
    Py_XSETREF(classifier, func);
    Py_RETURN_NONE;
}

/* ---------------------------------------------------------------- anchor index */

/* For each (key, skip) of ``entries``: found.setdefault(key, set()).add(pos - skip), pos >= skip. */
static int
add_entries(PyObject *found, PyObject *entries, Py_ssize_t pos)
{
    PyObject *seq = PySequence_Fast(entries, "anchor entries must be a sequence");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *pair = items[k];
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "anchor entries must be (key, skip) tuples");
            goto fail;
        }
        Py_ssize_t skip = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 1));
        if (skip == -1 && PyErr_Occurred())
            goto fail;
        if (pos < skip)
            continue;
        PyObject *key = PyTuple_GET_ITEM(pair, 0);
        PyObject *bucket = PyDict_GetItemWithError(found, key);
        if (bucket == NULL) {
            if (PyErr_Occurred())
                goto fail;
            bucket = PySet_New(NULL);
            if (bucket == NULL)
                goto fail;
            /* it only ever holds ints: no cycle can pass through it, and the cyclic collector
               need not walk its (often thousands of) entries */
            PyObject_GC_UnTrack(bucket);
            int rc = PyDict_SetItem(found, key, bucket);
            Py_DECREF(bucket);  /* the dict holds it */
            if (rc < 0)
                goto fail;
        }
        PyObject *start = PyLong_FromSsize_t(pos - skip);
        if (start == NULL)
            goto fail;
        int rc = PySet_Add(bucket, start);
        Py_DECREF(start);
        if (rc < 0)
            goto fail;
    }
    Py_DECREF(seq);
    return 0;
fail:
    Py_DECREF(seq);
    return -1;
}

/* anchor_hits(folded, singles, pairs, maxlen, found) -> bool
 *
 * False (``found`` then holds a partial result) when ``folded`` holds a TRAP character:
 * ``case_safe(folded)`` is false and every position must be tried.
 * Walks the word runs ([\p{L}\p{N}]+) of ``folded``. A run equal to a key of ``singles``
 * (token -> [(key, skip)]) adds its start; a run followed by the next run, when ``pairs``
 * (token -> {next token -> [(key, skip)]}) holds both, adds the first run's start. Runs longer
 * than ``maxlen`` are never keys. Same result as ``AnchorIndex._gram_starts`` over
 * ``word_tokens(folded)``.
 */
static PyObject *
anchor_hits(PyObject *self, PyObject *args)
{
    PyObject *text, *singles, *pairs, *found;
    Py_ssize_t maxlen;
    if (!PyArg_ParseTuple(args, "UO!O!nO!", &text, &PyDict_Type, &singles, &PyDict_Type, &pairs,
                          &maxlen, &PyDict_Type, &found))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *pending = NULL;  /* pairs[previous run], borrowed (pairs keeps it alive) */
    Py_ssize_t pending_start = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        int f = flags_of(PyUnicode_READ(kind, data, i));
        if (f < 0)
            return NULL;
        if (f & F_TRAP)
            Py_RETURN_FALSE;
        if (!(f & (F_LETTER | F_DIGIT))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (++i < n) {
            f = flags_of(PyUnicode_READ(kind, data, i));
            if (f < 0)
                return NULL;
            if (f & F_TRAP)
                Py_RETURN_FALSE;
            if (!(f & (F_LETTER | F_DIGIT)))
                break;
        }
        if (i - start > maxlen) {
            pending = NULL;
            continue;
        }
        PyObject *token = PyUnicode_Substring(text, start, i);
        if (token == NULL)
            return NULL;
        if (pending != NULL) {
            PyObject *entries = PyDict_GetItemWithError(pending, token);
            if ((entries == NULL && PyErr_Occurred()) ||
                (entries != NULL && add_entries(found, entries, pending_start) < 0))
                goto fail;
        }
        PyObject *entries = PyDict_GetItemWithError(singles, token);
        if ((entries == NULL && PyErr_Occurred()) ||
            (entries != NULL && add_entries(found, entries, start) < 0))
            goto fail;
        pending = PyDict_GetItemWithError(pairs, token);
        if (pending == NULL && PyErr_Occurred())
            goto fail;
        if (pending != NULL && !PyDict_Check(pending)) {
            PyErr_SetString(PyExc_TypeError, "pairs values must be dicts");
            goto fail;
        }
        pending_start = start;
        Py_DECREF(token);
        continue;
    fail:
        Py_DECREF(token);
        return NULL;
    }
    Py_RETURN_TRUE;
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
    Py_ssize_t i = 0;
    while (i < n) {
        int f = flags_of(PyUnicode_READ(kind, data, i));
        if (f < 0)
            goto fail;
        if (!(f & F_LETTER)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (++i < n) {
            f = flags_of(PyUnicode_READ(kind, data, i));
            if (f < 0)
                goto fail;
            if (!(f & F_LETTER))
                break;
        }
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
        if (i < n) {
            Py_UCS4 after = PyUnicode_READ(kind, data, i);
            /* ``f`` holds the flags of ``after`` (the loop above stopped on it) */
            if ((f & F_DIGIT) || after == '_')
                continue;
        }
        PyObject *token = PyUnicode_Substring(text, start, i);
        if (token == NULL)
            goto fail;
        int member = PySet_Contains(keys, token);
        if (member > 0) {
            PyObject *item = Py_BuildValue("(nnN)", start, i, token);
            if (item == NULL)
                goto fail;
            int rc = PyList_Append(out, item);
            Py_DECREF(item);
            if (rc < 0)
                goto fail;
        } else {
            Py_DECREF(token);
            if (member < 0)
                goto fail;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
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

static PyMethodDef methods[] = {
    {"set_classifier", set_classifier, METH_O, "Install the per-block character classifier."},
    {"anchor_hits", anchor_hits, METH_VARARGS, "Phrase-anchor start positions of every pattern."},
    {"teencode_runs", teencode_runs, METH_VARARGS, "Teencode keys written as whole letter runs."},
    {"syllable_counts", syllable_counts, METH_O, "Letter runs, and those carrying a diacritic."},
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
