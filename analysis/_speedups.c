/*
 * analysis._speedups: the compiled word scan of analysis.sentiment.
 *
 * The pure-Python module analysis/sentiment.py is the specification and the
 * fallback; this file only makes its common path fast.  ``Scanner.spans``
 * does what ``sentiment._stream_spans`` does in Python: split the text into
 * white-space separated words span by span, look every word up (here in a
 * hash table keyed by the word's code points, so that no ``str`` object is
 * made for a word seen before), and run TextBlob's assessment over the
 * event words (lexicon words, negations, "!", "(!)", emoticons), letting the
 * ordinary words between them cancel a pending modifier or negation.
 *
 * Everything that needs judgement stays in Python and is called back, once
 * per distinct word: ``classify(word)`` gives the word's token codes when one
 * of them is an event (else ``()``), ``words[word][1]`` the codes of all its
 * tokens, and ``spec[code]`` what an event code means.  The floating-point
 * operations are those of the Python loop, in the same order, so the
 * results are identical bit for bit (tests compare both kernels with
 * TextBlob itself).
 *
 * More pieces follow the same rule (the Python code is the specification
 * and the fallback, the compiled one gives identical results):
 * ``Splitter.spans`` is analysis/score/segment.py's sentence splitter,
 * ``word_runs`` the last steps of analysis/ingest/furniture.py's unit keys,
 * ``glued`` and ``unit_cues`` its cuts between glued sentences and what to look for, ``slices`` and ``holding`` its unit texts and their
 * search for cues, ``removed`` the texts without the pieces found, ``split_counts``
 * ``len(text.split())`` of many texts, ``clean_marks`` the checks of analysis/ingest/clean.py's
 * ``clean_text``, and ``normalised`` the duplicate keys and ``minhash`` the signatures of
 * analysis/ingest/dedupe.py's ``fingerprints``.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* a function inlined where it is called (with a constant kind of string: loops of their own) */
#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define ALWAYS_INLINE __forceinline
#else
#define ALWAYS_INLINE inline
#endif

/* Raised whenever the meaning of the word scan changes; checked by sentiment.py. */
#define KERNEL_VERSION 3
/* Raised whenever the meaning of Splitter, word_runs, split_counts, holding, minhash, slices, removed,
 * normalised, clean_marks, glued or unit_cues changes;
 * checked by segment.py. */
#define TEXT_VERSION 12
/* Codes 0..3 are ordinary tokens (bit 0: cancels a pending negation, bit 1:
 * cancels a pending modifier); codes > PLAIN_MAX index ``spec``. */
#define PLAIN_MAX 3
/* Entries in the word table before it is emptied (bounded memory). */
#define DEFAULT_LIMIT 500000

typedef struct {
    char known, is_mod, is_ly, is_neg, cancels_n, cancels_m, bang, irony, has_emo;
    double p, s, i, emo;
} Spec;

/* One distinct word.  32 bytes, so that the table of a large vocabulary
 * stays small in the processor's caches: words of up to INLINE characters
 * below U+0100 (nearly all) are kept in the entry itself, longer or wider
 * ones in ``keys``. */
#define INLINE 12
#define ARENA 0x80000000u /* in Entry.len: the key is in ``keys`` */
#define WORD_MAX 65535    /* longer words are not kept (token counts fit 16 bits) */

typedef struct {
    uint32_t hash; /* hash of the word's code points; picks the slot */
    uint32_t len;  /* code points, | ARENA if the key is in ``keys``; 0: empty slot */
    int32_t ev;    /* offset of the event codes in ``codes``; -1: no event */
    int32_t full;  /* offset of all token codes; -1: not known yet */
    uint16_t nev, nfull;
    union {
        Py_UCS1 chars[INLINE];
        uint32_t off; /* offset in ``keys`` */
    } key;
} Entry;

_Static_assert(sizeof(Entry) == 32, "an Entry is 32 bytes: two per cache line");

typedef struct {
    double p, s, i;
    char neg;
} Found;

typedef struct {
    Found *v;
    Py_ssize_t n, cap;
} FoundList;

typedef struct {
    int m, n, m_ly;
} State;

typedef struct {
    PyObject_HEAD
    PyObject *classify; /* word -> tuple of codes if the word has an event token, else () */
    PyObject *words;    /* mapping word -> (tokens, codes) */
    PyObject *spec;     /* list: spec[code] for codes > PLAIN_MAX */
    Spec *specs;
    Py_ssize_t nspecs;
    Entry *table;
    Py_ssize_t cap, used, limit;
    Py_UCS4 *keys;
    Py_ssize_t nkeys, capkeys;
    int32_t *codes;
    Py_ssize_t ncodes, capcodes;
    FoundList doc, own;
    /* The ASCII event tokens (lower case), as a set, and the ASCII
     * punctuation the tokenizer splits off a word's ends and at quotes. */
    uint64_t *evhash;
    int32_t *evoff, *evlen;
    Py_ssize_t evcap;
    char *evkeys;
    Py_ssize_t nevkeys;
    char lead[128], trail[128], quote[128];
    /* Set during ``spans``: the Python it calls back (or a finaliser run by
     * the garbage collector) may let another thread, or the same one, call
     * ``spans`` again; such a call returns None and the caller uses the
     * pure-Python kernel, so the tables are never changed under a caller. */
    int busy;
} Scanner;

/* ------------------------------------------------------------------ helpers */

static int
grow(void **buf, Py_ssize_t *cap, Py_ssize_t need, size_t item)
{
    if (need <= *cap)
        return 0;
    Py_ssize_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = PyMem_Realloc(*buf, (size_t)n * item);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buf = p;
    *cap = n;
    return 0;
}

static Found *
found_push(FoundList *f)
{
    if (grow((void **)&f->v, &f->cap, f->n + 1, sizeof(Found)) < 0)
        return NULL;
    return &f->v[f->n++];
}

/* Python's max(-1.0, min(x, +1.0)). */
static inline double
clamp(double x)
{
    double y = (1.0 < x) ? 1.0 : x;
    return (y > -1.0) ? y : -1.0;
}

/* Mean polarity and subjectivity of found[start:], summed as TextBlob does. */
static PyObject *
average(const FoundList *f, Py_ssize_t start)
{
    Py_ssize_t count = f->n - start;
    if (count <= 0)
        return Py_BuildValue("(dd)", 0.0, 0.0);
    double pol = 0.0, sub = 0.0;
    for (Py_ssize_t k = start; k < f->n; k++) {
        const Found *e = &f->v[k];
        pol += e->neg ? e->p * -0.5 : e->p;
        sub += e->s;
    }
    return Py_BuildValue("(dd)", pol / (double)count, sub / (double)count);
}

static int
flag(PyObject *tuple, Py_ssize_t k, char *out)
{
    int v = PyObject_IsTrue(PyTuple_GET_ITEM(tuple, k));
    if (v < 0)
        return -1;
    *out = (char)v;
    return 0;
}

static int
number(PyObject *tuple, Py_ssize_t k, double *out)
{
    double v = PyFloat_AsDouble(PyTuple_GET_ITEM(tuple, k));
    if (v == -1.0 && PyErr_Occurred())
        return -1;
    *out = v;
    return 0;
}

/* Copy spec[nspecs:] from the Python list (it only grows). */
static int
sync_specs(Scanner *self, Py_ssize_t code)
{
    Py_ssize_t n = PyList_GET_SIZE(self->spec);
    if (code >= n) {
        PyErr_Format(PyExc_IndexError, "token code %zd has no spec", code);
        return -1;
    }
    Py_ssize_t cap = self->nspecs;
    if (grow((void **)&self->specs, &cap, n, sizeof(Spec)) < 0)
        return -1;
    for (Py_ssize_t c = self->nspecs; c < n; c++) {
        Spec *sp = &self->specs[c];
        memset(sp, 0, sizeof(Spec));
        PyObject *t = PyList_GET_ITEM(self->spec, c);
        if (c <= PLAIN_MAX)
            continue;
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 12) {
            PyErr_Format(PyExc_TypeError, "spec[%zd] is not a 12-tuple", c);
            return -1;
        }
        if (flag(t, 0, &sp->known) || number(t, 1, &sp->p) || number(t, 2, &sp->s) || number(t, 3, &sp->i) ||
            flag(t, 4, &sp->is_mod) || flag(t, 5, &sp->is_ly) || flag(t, 6, &sp->is_neg) ||
            flag(t, 7, &sp->cancels_n) || flag(t, 8, &sp->cancels_m) || flag(t, 9, &sp->bang) ||
            flag(t, 10, &sp->irony))
            return -1;
        PyObject *emo = PyTuple_GET_ITEM(t, 11);
        sp->has_emo = emo != Py_None;
        if (sp->has_emo && number(t, 11, &sp->emo))
            return -1;
    }
    self->nspecs = n;
    return 0;
}

/* The int codes of a Python tuple into dst[:len(tuple)]. */
static int
codes_into(PyObject *tuple, int32_t *dst)
{
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(tuple); k++) {
        long c = PyLong_AsLong(PyTuple_GET_ITEM(tuple, k));
        if (c == -1 && PyErr_Occurred())
            return -1;
        if (c < 0 || c > INT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "token code out of range");
            return -1;
        }
        dst[k] = (int32_t)c;
    }
    return 0;
}

/* Append the int codes of a Python tuple to ``codes``; returns the offset or -1. */
static Py_ssize_t
store_codes(Scanner *self, PyObject *tuple, int32_t *count)
{
    if (!PyTuple_Check(tuple)) {
        PyErr_SetString(PyExc_TypeError, "token codes must be a tuple");
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(tuple);
    if (n > WORD_MAX) {
        PyErr_SetString(PyExc_ValueError, "more token codes than a word has characters");
        return -1;
    }
    if (grow((void **)&self->codes, &self->capcodes, self->ncodes + n, sizeof(int32_t)) < 0)
        return -1;
    Py_ssize_t at = self->ncodes;
    if (codes_into(tuple, self->codes + at) < 0)
        return -1;
    self->ncodes += n;
    *count = (int32_t)n;
    return at;
}

/* ------------------------------------------------------------- word table */

static void
table_clear(Scanner *self)
{
    if (self->table != NULL)
        memset(self->table, 0, (size_t)self->cap * sizeof(Entry));
    self->used = 0;
    self->nkeys = 0;
    self->ncodes = 0;
}

static int
table_resize(Scanner *self, Py_ssize_t cap)
{
    Entry *fresh = PyMem_Calloc((size_t)cap, sizeof(Entry));
    if (fresh == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < self->cap; k++) {
        Entry *e = &self->table[k];
        if (e->len == 0)
            continue;
        Py_ssize_t j = (Py_ssize_t)(e->hash & (uint32_t)(cap - 1));
        while (fresh[j].len != 0)
            j = (j + 1) & (cap - 1);
        fresh[j] = *e;
    }
    PyMem_Free(self->table);
    self->table = fresh;
    self->cap = cap;
    return 0;
}

/* ------------------------------------------- words surely without events */

static uint64_t
fnv(const char *s, Py_ssize_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (Py_ssize_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 1099511628211ULL;
    return h;
}

/* Is the lower-case ASCII string s[:n] an event token? */
static int
is_event(const Scanner *self, const char *s, Py_ssize_t n)
{
    if (n == 0 || self->evcap == 0)
        return 0;
    uint64_t h = fnv(s, n);
    Py_ssize_t mask = self->evcap - 1;
    for (Py_ssize_t j = (Py_ssize_t)(h & (uint64_t)mask);; j = (j + 1) & mask) {
        if (self->evlen[j] < 0)
            return 0;
        if (self->evhash[j] == h && self->evlen[j] == n && memcmp(self->evkeys + self->evoff[j], s, (size_t)n) == 0)
            return 1;
    }
}

/* Build the set of ASCII event tokens and the punctuation tables. */
static int
events_init(Scanner *self, PyObject *events, PyObject *lead, PyObject *quotes)
{
    PyObject *seq = PySequence_Fast(events, "events must be iterable");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), cap = 16;
    while (cap < 2 * n + 16)
        cap *= 2;
    self->evhash = PyMem_Calloc((size_t)cap, sizeof(uint64_t));
    self->evoff = PyMem_Calloc((size_t)cap, sizeof(int32_t));
    self->evlen = PyMem_Malloc((size_t)cap * sizeof(int32_t));
    Py_ssize_t keycap = 0;
    if (self->evhash == NULL || self->evoff == NULL || self->evlen == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t j = 0; j < cap; j++)
        self->evlen[j] = -1;
    self->evcap = cap;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *tok = PySequence_Fast_GET_ITEM(seq, k);
        if (!PyUnicode_Check(tok)) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_TypeError, "event tokens must be str");
            return -1;
        }
        if (!PyUnicode_IS_ASCII(tok))
            continue; /* an ASCII word never holds it */
        Py_ssize_t len = PyUnicode_GET_LENGTH(tok);
        const char *s = (const char *)PyUnicode_1BYTE_DATA(tok);
        if (len == 0 || is_event(self, s, len))
            continue;
        if (grow((void **)&self->evkeys, &keycap, self->nevkeys + len, 1) < 0) {
            Py_DECREF(seq);
            return -1;
        }
        memcpy(self->evkeys + self->nevkeys, s, (size_t)len);
        uint64_t h = fnv(s, len);
        Py_ssize_t j = (Py_ssize_t)(h & (uint64_t)(cap - 1));
        while (self->evlen[j] >= 0)
            j = (j + 1) & (cap - 1);
        self->evhash[j] = h;
        self->evoff[j] = (int32_t)self->nevkeys;
        self->evlen[j] = (int32_t)len;
        self->nevkeys += len;
    }
    Py_DECREF(seq);
    PyObject *sets[2] = {lead, quotes};
    char *tables[2] = {self->lead, self->quote};
    for (int t = 0; t < 2; t++) {
        memset(tables[t], 0, 128);
        if (!PyUnicode_Check(sets[t]) || !PyUnicode_IS_ASCII(sets[t])) {
            PyErr_SetString(PyExc_TypeError, "lead and quotes must be ASCII str");
            return -1;
        }
        const Py_UCS1 *s = PyUnicode_1BYTE_DATA(sets[t]);
        for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(sets[t]); k++)
            tables[t][s[k]] = 1;
    }
    memcpy(self->trail, self->lead, 128);
    self->trail['.'] = 1;
    return 0;
}

/* May chunk c[:n] (no quote inside) hold an event token?  Mirrors the fast
 * path of ``_EventCache.classify``: the tokens around the core are single
 * marks; with one final period the core is the chunk with or without it
 * (abbreviation or not), so both are tried. */
static int
chunk_may_hold(const Scanner *self, const char *c, Py_ssize_t n)
{
    char low[256];
    Py_ssize_t i = 0, j = n;
    while (i < n && self->lead[(unsigned char)c[i]])
        i++;
    while (j > i && self->trail[(unsigned char)c[j - 1]])
        j--;
    for (Py_ssize_t k = i; k < n; k++)
        low[k - i] = (c[k] >= 'A' && c[k] <= 'Z') ? (char)(c[k] + 32) : c[k];
    if (j == n || memchr(c + j, '.', (size_t)(n - j)) == NULL)
        return is_event(self, low, j - i);
    if (n - j == 1 && j > i)
        return is_event(self, low, j - i) || is_event(self, low, n - i);
    return 1; /* periods among the marks: the general tokenizer decides */
}

/* 1 if the ASCII word w[:n] surely holds no event token, 0 if Python must decide. */
static int
surely_plain(const Scanner *self, const char *w, Py_ssize_t n)
{
    if (n > 255 || memchr(w, '!', (size_t)n) != NULL)
        return 0;
    for (Py_ssize_t k = 0; k + 2 < n; k++)
        if (w[k] == 'n' && w[k + 1] == '\'' && w[k + 2] == 't')
            return 0;
    Py_ssize_t a = 0;
    while (a <= n) {
        Py_ssize_t b = a;
        while (b < n && !self->quote[(unsigned char)w[b]])
            b++;
        if (b > a && chunk_may_hold(self, w + a, b - a))
            return 0;
        a = b + 1;
    }
    return 1;
}

/* f(obj, text[a:b]), asking Python about a word: new reference. */
static PyObject *
ask(PyObject *(*f)(PyObject *, PyObject *), PyObject *obj, PyObject *text, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *word = PyUnicode_Substring(text, a, b);
    if (word == NULL)
        return NULL;
    PyObject *answer = f(obj, word);
    Py_DECREF(word);
    return answer;
}

/* The tuple of codes Python's classifier gives text[a:b]: new reference. */
static PyObject *
classify_word(Scanner *self, PyObject *text, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *ev = ask(PyObject_CallOneArg, self->classify, text, a, b);
    if (ev != NULL && !PyTuple_Check(ev)) {
        PyErr_SetString(PyExc_TypeError, "classify must return a tuple");
        Py_CLEAR(ev);
    }
    return ev;
}

/* The entry of text[a:b] (hash h, ``narrow``: no character above U+00FF),
 * classified when new: ASCII words here, the others by Python. */
static Entry *
lookup(Scanner *self, PyObject *text, int kind, const void *data, Py_ssize_t a, Py_ssize_t b, uint32_t h,
       int narrow)
{
    Py_ssize_t len = b - a;
    uint32_t field = (len <= INLINE && narrow) ? (uint32_t)len : ((uint32_t)len | ARENA);
    Py_ssize_t mask = self->cap - 1;
    for (Py_ssize_t j = (Py_ssize_t)(h & (uint32_t)mask);; j = (j + 1) & mask) {
        Entry *e = &self->table[j];
        if (e->len == 0)
            break;
        if (e->hash != h || e->len != field)
            continue;
        Py_ssize_t k = 0;
        if (!(field & ARENA)) {
            const Py_UCS1 *key = e->key.chars;
            if (kind == PyUnicode_1BYTE_KIND) {
                if (memcmp(key, (const Py_UCS1 *)data + a, (size_t)len) == 0)
                    return e;
                continue;
            }
            while (k < len && key[k] == PyUnicode_READ(kind, data, a + k))
                k++;
        }
        else {
            const Py_UCS4 *key = self->keys + e->key.off;
            while (k < len && key[k] == PyUnicode_READ(kind, data, a + k))
                k++;
        }
        if (k == len)
            return e;
    }
    /* A new word.  Most are ASCII and decided here; Python decides the rest. */
    int32_t nev = 0;
    Py_ssize_t at = -1;
    int plain_word = 0;
    if (self->evcap && len < 256) {
        char buf[256];
        Py_ssize_t k = 0;
        for (; k < len; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, a + k);
            if (ch >= 128)
                break;
            buf[k] = (char)ch;
        }
        plain_word = k == len && surely_plain(self, buf, len);
    }
    if (!plain_word) {
        PyObject *ev = classify_word(self, text, a, b);
        if (ev == NULL)
            return NULL;
        if (PyTuple_GET_SIZE(ev) > 0) {
            at = store_codes(self, ev, &nev);
            if (at < 0) {
                Py_DECREF(ev);
                return NULL;
            }
        }
        Py_DECREF(ev);
    }
    if ((self->used + 1) * 8 > self->cap * 5 && table_resize(self, self->cap * 2) < 0)
        return NULL;
    mask = self->cap - 1;
    Py_ssize_t j = (Py_ssize_t)(h & (uint32_t)mask);
    while (self->table[j].len != 0)
        j = (j + 1) & mask;
    Entry *e = &self->table[j];
    if (field & ARENA) {
        if (grow((void **)&self->keys, &self->capkeys, self->nkeys + len, sizeof(Py_UCS4)) < 0)
            return NULL;
        Py_UCS4 *key = self->keys + self->nkeys;
        for (Py_ssize_t k = 0; k < len; k++)
            key[k] = PyUnicode_READ(kind, data, a + k);
        e->key.off = (uint32_t)self->nkeys;
        self->nkeys += len;
    }
    else {
        memset(e->key.chars, 0, INLINE);
        for (Py_ssize_t k = 0; k < len; k++)
            e->key.chars[k] = (Py_UCS1)PyUnicode_READ(kind, data, a + k);
    }
    e->hash = h;
    e->len = field;
    e->ev = (int32_t)at;
    e->nev = (uint16_t)nev;
    /* An event word's codes are all its codes. */
    e->full = (int32_t)at;
    e->nfull = (uint16_t)nev;
    self->used++;
    return e;
}

/* The codes of all tokens of text[a:b], from Python's ``words[word][1]``: new reference. */
static PyObject *
all_codes(Scanner *self, PyObject *text, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *value = ask(PyObject_GetItem, self->words, text, a, b);
    if (value == NULL)
        return NULL;
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(value, 1))) {
        Py_DECREF(value);
        PyErr_SetString(PyExc_TypeError, "words[word] must be a (tokens, codes) tuple");
        return NULL;
    }
    PyObject *codes = Py_NewRef(PyTuple_GET_ITEM(value, 1));
    Py_DECREF(value);
    return codes;
}

/* All token codes of an ordinary word (looked up in Python once). */
static int
full_codes(Scanner *self, Entry *e, PyObject *text, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *codes = all_codes(self, text, a, b);
    if (codes == NULL)
        return -1;
    int32_t n = 0;
    Py_ssize_t at = store_codes(self, codes, &n);
    Py_DECREF(codes);
    if (at < 0)
        return -1;
    e->full = (int32_t)at;
    e->nfull = (uint16_t)n;
    return 0;
}

/* ------------------------------------------------------------ assessment */

/* An ordinary token while a modifier or negation is pending. */
static inline void
plain(int32_t c, FoundList *found, State *st)
{
    if (st->n && (c & 1))
        st->n = 0;
    if (st->n && st->m && st->m_ly) {
        if (found->n)
            found->v[found->n - 1].neg = 1;
        st->n = 0;
    }
    else if (st->m && (c & 2))
        st->m = 0;
}

/* The tokens of one word that holds an event (``_run``'s inner loop). */
static int
event_word(Scanner *self, const int32_t *codes, int32_t count, FoundList *found, State *st)
{
    for (int32_t k = 0; k < count; k++) {
        int32_t c = codes[k];
        if (c <= PLAIN_MAX) {
            if (st->m || st->n)
                plain(c, found, st);
            continue;
        }
        if (c >= self->nspecs && sync_specs(self, c) < 0)
            return -1;
        const Spec *sp = &self->specs[c];
        if (sp->known) {
            Found *e;
            if (st->m && found->n) {
                e = &found->v[found->n - 1];
                double ei = e->i;
                e->p = clamp(sp->p * ei);
                e->s = clamp(sp->s * ei);
                e->i = sp->i;
            }
            else {
                if ((e = found_push(found)) == NULL)
                    return -1;
                e->p = sp->p;
                e->s = sp->s;
                e->i = sp->i;
                e->neg = 0;
            }
            if (st->n) {
                e = &found->v[found->n - 1];
                e->i = 1.0 / e->i;
                e->neg = 1;
            }
            st->m = sp->is_mod;
            st->m_ly = sp->is_ly;
            st->n = sp->is_neg;
            continue;
        }
        if (sp->is_neg)
            st->n = 1;
        else if (st->n && sp->cancels_n)
            st->n = 0;
        if (st->n && st->m && st->m_ly) {
            if (found->n)
                found->v[found->n - 1].neg = 1;
            st->n = 0;
        }
        else if (st->m && sp->cancels_m)
            st->m = 0;
        if (sp->bang && found->n) {
            Found *e = &found->v[found->n - 1];
            e->p = clamp(e->p * 1.25);
        }
        if (sp->irony) {
            Found *e = found_push(found);
            if (e == NULL)
                return -1;
            e->p = 0.0;
            e->s = 1.0;
            e->i = 1.0;
            e->neg = 0;
        }
        if (sp->has_emo) {
            Found *e = found_push(found);
            if (e == NULL)
                return -1;
            e->p = sp->emo;
            e->s = 1.0;
            e->i = 1.0;
            e->neg = 0;
        }
    }
    return 0;
}

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

/* A word too long for the table: classified and assessed through Python, every time. */
static int
long_word(Scanner *self, PyObject *text, Py_ssize_t a, Py_ssize_t b, FoundList *found, State *st)
{
    PyObject *codes = classify_word(self, text, a, b);
    if (codes == NULL)
        return -1;
    int event = PyTuple_GET_SIZE(codes) > 0;
    if (!event) {
        Py_DECREF(codes);
        if (!(st->m || st->n))
            return 0;
        if ((codes = all_codes(self, text, a, b)) == NULL)
            return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(codes);
    int32_t *buf = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(int32_t));
    if (buf == NULL) {
        Py_DECREF(codes);
        PyErr_NoMemory();
        return -1;
    }
    int rc = codes_into(codes, buf);
    Py_DECREF(codes);
    if (rc == 0) {
        if (event)
            rc = event_word(self, buf, (int32_t)n, found, st);
        else
            for (Py_ssize_t k = 0; k < n && (st->m || st->n); k++)
                plain(buf[k], found, st);
    }
    PyMem_Free(buf);
    return rc;
}

/* Assess the words of text[a:b], carrying ``found`` and ``st``. */
static int
run(Scanner *self, PyObject *text, int kind, const void *data, Py_ssize_t a, Py_ssize_t b, FoundList *found,
    State *st)
{
    Py_ssize_t i = a;
    for (;;) {
        if (kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *s = (const Py_UCS1 *)data;
            while (i < b && Py_UNICODE_ISSPACE(s[i]))
                i++;
        }
        else {
            while (i < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
                i++;
        }
        if (i >= b)
            return 0;
        Py_ssize_t w = i;
        uint64_t h = FNV_OFFSET;
        Py_UCS4 wide = 0;
        if (kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *s = (const Py_UCS1 *)data;
            while (i < b && !Py_UNICODE_ISSPACE(s[i])) {
                h = (h ^ s[i]) * FNV_PRIME;
                i++;
            }
        }
        else {
            Py_UCS4 ch;
            while (i < b && !Py_UNICODE_ISSPACE(ch = PyUnicode_READ(kind, data, i))) {
                h = (h ^ ch) * FNV_PRIME;
                wide |= ch;
                i++;
            }
        }
        if (i - w > WORD_MAX) {
            if (long_word(self, text, w, i, found, st) < 0)
                return -1;
            continue;
        }
        Entry *e = lookup(self, text, kind, data, w, i, (uint32_t)(h ^ (h >> 32)), wide < 256);
        if (e == NULL)
            return -1;
        if (e->ev >= 0) {
            if (event_word(self, self->codes + e->ev, e->nev, found, st) < 0)
                return -1;
        }
        else if (st->m || st->n) {
            if (e->full < 0 && full_codes(self, e, text, w, i) < 0)
                return -1;
            const int32_t *codes = self->codes + e->full;
            for (int32_t k = 0; k < e->nfull && (st->m || st->n); k++)
                plain(codes[k], found, st);
        }
    }
}

/* ---------------------------------------------------------------- Scanner */

static int
Scanner_init(Scanner *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"classify", "words", "spec", "events", "lead", "quotes", "limit", NULL};
    PyObject *classify, *words, *spec, *events = NULL, *lead = NULL, *quotes = NULL;
    Py_ssize_t limit = DEFAULT_LIMIT;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO!|OUUn", kwlist, &classify, &words, &PyList_Type, &spec,
                                     &events, &lead, &quotes, &limit))
        return -1;
    if (self->evcap != 0) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is already initialised");
        return -1;
    }
    if (events != NULL) {
        if (lead == NULL || quotes == NULL) {
            PyErr_SetString(PyExc_TypeError, "events needs lead and quotes");
            return -1;
        }
        if (events_init(self, events, lead, quotes) < 0)
            return -1;
    }
    if (!PyCallable_Check(classify)) {
        PyErr_SetString(PyExc_TypeError, "classify must be callable");
        return -1;
    }
    Py_INCREF(classify);
    Py_XSETREF(self->classify, classify);
    Py_INCREF(words);
    Py_XSETREF(self->words, words);
    Py_INCREF(spec);
    Py_XSETREF(self->spec, spec);
    self->limit = limit > 16 ? limit : 16;
    self->nspecs = 0;
    if (self->table == NULL) {
        self->cap = 1 << 12;
        self->table = PyMem_Calloc((size_t)self->cap, sizeof(Entry));
        if (self->table == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    table_clear(self);
    return 0;
}

static void
Scanner_dealloc(Scanner *self)
{
    Py_XDECREF(self->classify);
    Py_XDECREF(self->words);
    Py_XDECREF(self->spec);
    PyMem_Free(self->specs);
    PyMem_Free(self->table);
    PyMem_Free(self->keys);
    PyMem_Free(self->codes);
    PyMem_Free(self->doc.v);
    PyMem_Free(self->own.v);
    PyMem_Free(self->evhash);
    PyMem_Free(self->evoff);
    PyMem_Free(self->evlen);
    PyMem_Free(self->evkeys);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

PyDoc_STRVAR(spans_doc,
"spans(text, starts, ends, compose) -> (doc, [(polarity, subjectivity), ...])\n\n"
"Assess each span text[starts[k]:ends[k]] (0 <= start <= end <= len(text)).\n"
"With ``compose`` (the spans tile the text: in order, only white space\n"
"between and around them) the text is assessed in the same pass and\n"
"``doc`` is its (polarity, subjectivity); otherwise each span is assessed\n"
"on its own and ``doc`` is None.  Returns None instead when called while\n"
"another call is under way (from a callback or another thread).");

static PyObject *spans_locked(Scanner *self, PyObject *text, PyObject *starts, PyObject *ends, Py_ssize_t n,
                              int compose);

static PyObject *
Scanner_spans(Scanner *self, PyObject *args)
{
    PyObject *text, *starts, *ends;
    int compose;
    if (!PyArg_ParseTuple(args, "UO!O!p", &text, &PyList_Type, &starts, &PyList_Type, &ends, &compose))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(starts);
    if (PyList_GET_SIZE(ends) != n) {
        PyErr_SetString(PyExc_ValueError, "starts and ends differ in length");
        return NULL;
    }
    if (self->busy)
        Py_RETURN_NONE;
    self->busy = 1;
    PyObject *result = spans_locked(self, text, starts, ends, n, compose);
    self->busy = 0;
    return result;
}

static PyObject *
spans_locked(Scanner *self, PyObject *text, PyObject *starts, PyObject *ends, Py_ssize_t n, int compose)
{
    if (self->used > self->limit)
        table_clear(self);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    State st = {0, 0, 0};
    self->doc.n = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t a = PyLong_AsSsize_t(PyList_GET_ITEM(starts, k));
        Py_ssize_t b = PyLong_AsSsize_t(PyList_GET_ITEM(ends, k));
        if ((a == -1 || b == -1) && PyErr_Occurred())
            goto fail;
        if (a < 0 || b > length || a > b) {
            PyErr_Format(PyExc_ValueError, "span %zd (%zd, %zd) is not within the text", k, a, b);
            goto fail;
        }
        FoundList *own = &self->own;
        State fresh = {0, 0, 0};
        own->n = 0;
        if (compose) {
            Py_ssize_t start = self->doc.n;
            int clear = !(st.m || st.n);
            if (run(self, text, kind, data, a, b, &self->doc, &st) < 0)
                goto fail;
            if (clear) {
                PyObject *pair = average(&self->doc, start);
                if (pair == NULL)
                    goto fail;
                PyList_SET_ITEM(out, k, pair);
                continue;
            }
        }
        /* The span on its own: not composed, or a modifier or negation was pending as it began. */
        if (run(self, text, kind, data, a, b, own, &fresh) < 0)
            goto fail;
        PyObject *pair = average(own, 0);
        if (pair == NULL)
            goto fail;
        PyList_SET_ITEM(out, k, pair);
    }
    PyObject *doc;
    if (compose)
        doc = average(&self->doc, 0);
    else
        doc = Py_NewRef(Py_None);
    if (doc == NULL)
        goto fail;
    return Py_BuildValue("(NN)", doc, out);
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *
Scanner_len(Scanner *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(self->used);
}

static PyObject *
Scanner_clear(Scanner *self, PyObject *Py_UNUSED(ignored))
{
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "Scanner is in use");
        return NULL;
    }
    table_clear(self);
    Py_RETURN_NONE;
}

static PyMethodDef Scanner_methods[] = {
    {"spans", (PyCFunction)Scanner_spans, METH_VARARGS, spans_doc},
    {"size", (PyCFunction)Scanner_len, METH_NOARGS, "Number of distinct words in the table."},
    {"clear", (PyCFunction)Scanner_clear, METH_NOARGS, "Empty the word table."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "analysis._speedups.Scanner",
    .tp_doc = PyDoc_STR("Scanner(classify, words, spec, events=None, lead=None, quotes=None, limit=500000): TextBlob's assessment over a text's words."),
    .tp_basicsize = sizeof(Scanner),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

/* ================================================================== sentence splitter
 *
 * ``Splitter.spans(text)`` is ``analysis.score.segment.sentence_spans`` (the
 * specification and the fallback, which says what each rule is for): the same
 * candidates, decided in the same order by the same tests.  Every regular
 * expression of segment.py that the splitter uses is matched here by hand, with
 * the semantics of Python's ``re`` on ``str`` (``\s`` is ``str.isspace``,
 * ``\d`` ``str.isdecimal``, ``[^\W_]`` ``str.isalnum``, backtracking where a
 * pattern can give back), and the ``str`` methods are those of CPython
 * (Py_UNICODE_IS*).  The word lists stay in Python: they are looked up in the
 * dict and sets given to the constructor.  Tests compare both on the default
 * corpus and on random texts. */

enum { K_NONE = 0, K_AMBIG = 1, K_STRONG = 2, K_INITIAL = 3 };

typedef struct {
    PyObject_HEAD
    PyObject *kinds;       /* dict: token -> K_NONE, K_AMBIG or K_STRONG (segment._KINDS) */
    PyObject *strong;      /* frozenset segment._STRONG */
    PyObject *number_only; /* frozenset segment._NUMBER_ONLY */
    PyObject *starters;    /* frozenset segment._STARTERS */
    PyObject *intro;       /* frozenset segment._INTRO_PREPS */
} Splitter;

typedef struct {
    PyObject *obj;
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

#define CH(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

typedef struct {
    Py_ssize_t *v;
    Py_ssize_t n, cap;
} Vec;

static int
vec_push(Vec *v, Py_ssize_t x)
{
    if (grow((void **)&v->v, &v->cap, v->n + 1, sizeof(Py_ssize_t)) < 0)
        return -1;
    v->v[v->n++] = x;
    return 0;
}

static inline int is_space(Py_UCS4 c) { return Py_UNICODE_ISSPACE(c); }
static inline int is_alnum(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c); }
static inline int is_AZ(Py_UCS4 c) { return c >= 'A' && c <= 'Z'; }
static inline int is_ascii_letter(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
/* segment._BREAKS */
static inline int is_break(Py_UCS4 c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }
/* segment._BULLETS: "•⁃▪◦‣●■□➢►" */
static inline int
is_bullet(Py_UCS4 c)
{
    switch (c) {
    case 0x2022: case 0x2043: case 0x25AA: case 0x25E6: case 0x2023:
    case 0x25CF: case 0x25A0: case 0x25A1: case 0x27A2: case 0x25BA:
        return 1;
    }
    return 0;
}
/* the sentence-final marks of the "term" pattern: [.!?…‽] */
static inline int is_final(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203D; }
/* segment._OPENERS: "\"'“‘([{«¿¡" */
static inline int
is_opener(Py_UCS4 c)
{
    switch (c) {
    case '"': case '\'': case 0x201C: case 0x2018: case '(': case '[': case '{': case 0xAB: case 0xBF: case 0xA1:
        return 1;
    }
    return 0;
}
/* segment._CLOSERS_STRIP: ")]}\"'”’»" (also the single closing marks of the "term" pattern) */
static inline int
is_closer(Py_UCS4 c)
{
    switch (c) {
    case ')': case ']': case '}': case '"': case '\'': case 0x201D: case 0x2019: case 0xBB:
        return 1;
    }
    return 0;
}
/* segment._NO_START: ",;:)]}%" */
static inline int
is_no_start(Py_UCS4 c)
{
    switch (c) {
    case ',': case ';': case ':': case ')': case ']': case '}': case '%':
        return 1;
    }
    return 0;
}

/* A character that matches the lower-case ASCII letter ``c`` in an IGNORECASE pattern of ``re``. */
static inline int
same_letter(Py_UCS4 ch, Py_UCS4 c)
{
    Py_UCS4 low = Py_UNICODE_TOLOWER(ch);
    return low == c || (c == 'i' && low == 0x131);
}

/* Does some character of text[a:b] satisfy ``test``? */
static int
any_alnum(const Text *t, Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t i = a; i < b; i++)
        if (is_alnum(CH(t, i)))
            return 1;
    return 0;
}

/* text[a:b] in the set (or dict) ``set``: 1, 0, or -1 with an exception. */
static int
contains(PyObject *set, const Text *t, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *s = PyUnicode_Substring(t->obj, a, b);
    if (s == NULL)
        return -1;
    int found = PySet_Contains(set, s);
    Py_DECREF(s);
    return found;
}

/* segment._lookup of the token text[a:b]: K_*, or -1 with an exception. */
static int
token_kind(Splitter *S, const Text *t, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *s = PyUnicode_Substring(t->obj, a, b);
    if (s == NULL)
        return -1;
    PyObject *v = PyDict_GetItemWithError(S->kinds, s);
    Py_DECREF(s);
    if (v != NULL)
        return (int)PyLong_AsLong(v);
    if (PyErr_Occurred())
        return -1;
    if (b - a == 1)
        return Py_UNICODE_ISALPHA(CH(t, a)) ? K_INITIAL : K_NONE;
    Py_ssize_t dot = -1, dash = -1;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = CH(t, i);
        if (c == '.')
            dot = i;
        else if (c == '-')
            dash = i;
    }
    if (dot >= 0) {
        /* the "multi" pattern, [A-Za-z](?:\.[A-Za-z])+ in full: "U.S" */
        int multi = (b - a) >= 3 && (b - a) % 2 == 1;
        for (Py_ssize_t i = a; multi && i < b; i++)
            multi = ((i - a) % 2 == 0) ? is_ascii_letter(CH(t, i)) : CH(t, i) == '.';
        if (multi)
            return K_AMBIG;
        return token_kind(S, t, dot + 1, b);
    }
    if (dash >= 0)
        return token_kind(S, t, dash + 1, b);
    return K_NONE;
}

/* segment._prev_token: the token ending at ``ms`` as *a, *b. */
static void
prev_token(const Text *t, Py_ssize_t ms, Py_ssize_t lo, Py_ssize_t *a, Py_ssize_t *b)
{
    *a = *b = ms;
    if (ms <= lo || is_space(CH(t, ms - 1)))
        return;
    Py_ssize_t from = lo > ms - 40 ? lo : ms - 40;
    Py_ssize_t space = -1;
    for (Py_ssize_t i = ms - 1; i >= from; i--)
        if (CH(t, i) == ' ') {
            space = i;
            break;
        }
    if (space >= 0) {
        int alpha = 1;
        for (Py_ssize_t i = space + 1; alpha && i < ms; i++)
            alpha = Py_UNICODE_ISALPHA(CH(t, i));
        if (alpha) {  /* (never empty: text[ms - 1] is no space) */
            *a = space + 1;
            return;
        }
    }
    Py_ssize_t s = ms;  /* the last white-space separated part of text[from:ms] */
    while (s > from && !is_space(CH(t, s - 1)))
        s--;
    /* after the last '"?', then after the last '—' */
    for (Py_ssize_t i = ms - 2; i >= s; i--)
        if (CH(t, i) == '"' && CH(t, i + 1) == '?') {
            s = i + 2;
            break;
        }
    for (Py_ssize_t i = ms - 1; i >= s; i--)
        if (CH(t, i) == 0x2014) {
            s = i + 1;
            break;
        }
    Py_ssize_t e = ms;
    while (s < e && (is_opener(CH(t, s)) || CH(t, s) == '?'))
        s++;
    while (e > s && is_closer(CH(t, e - 1)))
        e--;
    *a = s;
    *b = e;
}

/* segment._word: text[at] and the ASCII letters after it, in ``set``? */
static int
word_in(PyObject *set, const Text *t, Py_ssize_t at)
{
    Py_ssize_t e = at + 1;
    while (e < t->n && is_ascii_letter(CH(t, e)))
        e++;
    return contains(set, t, at, e);
}

/* segment._word(text, at) == "I" */
static int
word_is_I(const Text *t, Py_ssize_t at)
{
    return CH(t, at) == 'I' && !(at + 1 < t->n && is_ascii_letter(CH(t, at + 1)));
}

/* segment._is_short_intro */
static int
short_intro(Splitter *S, const Text *t, Py_ssize_t start, Py_ssize_t end)
{
    if (end - start > 40)
        return 0;
    Py_ssize_t words = 0, w0 = -1, w1 = -1, i = start;
    while (i < end) {
        while (i < end && is_space(CH(t, i)))
            i++;
        if (i >= end)
            break;
        Py_ssize_t s = i;
        while (i < end && !is_space(CH(t, i)))
            i++;
        if (words++ == 0) {
            w0 = s;
            w1 = i;
        }
    }
    if (words == 0 || words > 4)
        return 0;
    PyObject *w = PyUnicode_Substring(t->obj, w0, w1);
    if (w == NULL)
        return -1;
    PyObject *low = PyObject_CallMethod(w, "lower", NULL);
    Py_DECREF(w);
    if (low == NULL)
        return -1;
    int found = PySet_Contains(S->intro, low);
    Py_DECREF(low);
    return found;
}

/* The "marker_only" pattern in full on text[a:b].strip(). */
static int
marker_only(const Text *t, Py_ssize_t a, Py_ssize_t b)
{
    while (a < b && is_space(CH(t, a)))
        a++;
    while (b > a && is_space(CH(t, b - 1)))
        b--;
    if (a >= b)
        return 0;
    Py_UCS4 c = CH(t, a);
    if (is_bullet(c) || c == '*' || c == '-' || c == 0x2013)
        a++;
    while (a < b && is_space(CH(t, a)))
        a++;
    if (a >= b)
        return 0;
    Py_ssize_t ends[4], k = 0, i;
    for (i = a; i < b && Py_UNICODE_ISDECIMAL(CH(t, i)); i++)
        ;
    if (i - a >= 1 && i - a <= 3)
        ends[k++] = i;
    if (is_ascii_letter(CH(t, a)))
        ends[k++] = a + 1;
    for (i = a; i < b && (CH(t, i) == 'i' || CH(t, i) == 'v' || CH(t, i) == 'x'); i++)
        ;
    if (i - a >= 1 && i - a <= 4)
        ends[k++] = i;
    for (i = a; i < b && (CH(t, i) == 'I' || CH(t, i) == 'V' || CH(t, i) == 'X'); i++)
        ;
    if (i - a >= 1 && i - a <= 4)
        ends[k++] = i;
    for (Py_ssize_t j = 0; j < k; j++) {
        for (i = ends[j]; i < b && (CH(t, i) == '.' || CH(t, i) == ')'); i++)
            ;
        if (i == b)
            return 1;
    }
    return 0;
}

/* segment._full_stop: the cut, or -1 for none (-2: an exception). */
static Py_ssize_t
full_stop(Splitter *S, const Text *t, Py_ssize_t ms, Py_ssize_t me, Py_UCS4 c, Py_ssize_t at, Py_ssize_t last)
{
    if (ms - last <= 12 && marker_only(t, last, ms))
        return -1;
    Py_ssize_t a, b;
    prev_token(t, ms, last, &a, &b);
    int kind = token_kind(S, t, a, b);
    if (kind < 0)
        return -2;
    if (Py_UNICODE_ISDIGIT(c)) {
        if (kind != K_NONE)
            return -1;
        int strong = contains(S->strong, t, a, b);
        if (strong < 0)
            return -2;
        if (strong)
            return -1;
        int digits = b > a;
        for (Py_ssize_t i = a; digits && i < b; i++)
            digits = Py_UNICODE_ISDIGIT(CH(t, i));
        if (b - a <= 2 && !digits)
            return -1;
        return me;
    }
    if (kind == K_NONE)
        return me;
    if (kind == K_STRONG)
        return -1;
    int only = contains(S->number_only, t, a, b);
    if (only < 0)
        return -2;
    if (only)
        return me;
    if (!Py_UNICODE_ISUPPER(c))
        return -1;
    int starter = word_in(S->starters, t, at);
    if (starter < 0)
        return -2;
    if (!starter)
        return -1;
    if (kind == K_AMBIG) {
        int intro = short_intro(S, t, last, ms);
        if (intro < 0)
            return -2;
        if (intro)
            return -1;
    }
    return me;
}

/* What follows the "term" pattern: (?=\s|\Z|["“‘'(\[]?[A-Z]) at p. */
static int
term_follows(const Text *t, Py_ssize_t p)
{
    if (p >= t->n)
        return 1;
    Py_UCS4 c = CH(t, p);
    if (is_space(c) || is_AZ(c))
        return 1;
    switch (c) {
    case '"': case 0x201C: case 0x2018: case '\'': case '(': case '[':
        return p + 1 < t->n && is_AZ(CH(t, p + 1));
    }
    return 0;
}

/* A hyphen before p closes a sentence (a lost paragraph break): (?=[ ]?["“]?[A-Z]) at p. */
static int
glued_capital(const Text *t, Py_ssize_t p)
{
    Py_ssize_t n = t->n;
    if (p < n && CH(t, p) == ' ')
        p++;
    if (p < n && (CH(t, p) == '"' || CH(t, p) == 0x201C))
        p++;
    return p < n && is_AZ(CH(t, p));
}

/* The closing marks of the "term" pattern from q, (?:"\?|-(?=[ ]?["“]?[A-Z])|["'”’»)\]}](?![^\W_]))*,
 * followed by term_follows: the end of the longest run that is followed so, or -1.  At each
 * position at most one repetition can lead on ('"' alone before '?' is followed by nothing that
 * matches), so the run is a chain and backtracking takes the last chain position that fits. */
static Py_ssize_t
closing(const Text *t, Py_ssize_t q)
{
    Py_ssize_t n = t->n, p = q, best = term_follows(t, q) ? q : -1;
    while (p < n) {
        Py_UCS4 c = CH(t, p);
        if (c == '"' && p + 1 < n && CH(t, p + 1) == '?')
            p += 2;
        else if (c == '-' && glued_capital(t, p + 1))
            p += 1;
        else if (is_closer(c) && !(p + 1 < n && is_alnum(CH(t, p + 1))))
            p += 1;
        else
            break;
        if (term_follows(t, p))
            best = p;
    }
    return best;
}

typedef struct {
    Py_ssize_t start, end;            /* the whole match */
    Py_ssize_t dots_end, punct_end;   /* the end of group "dots" or "punct" (the other: -1); both start at start */
    Py_ssize_t close_start;           /* group "close" is text[close_start:end] */
} Term;

/* The "term" pattern matched at pos (text[pos] is one of [.!?…‽]): 1, or 0 for no match. */
static int
match_term(const Text *t, Py_ssize_t pos, Term *m)
{
    Py_ssize_t n = t->n;
    Py_UCS4 c = CH(t, pos);
    m->start = pos;
    if (c == '.') {  /* (?P<dots>\.(?:[ ]\.){2,}), greedy */
        Py_ssize_t k = 0, p = pos + 1;
        while (p + 1 < n && CH(t, p) == ' ' && CH(t, p + 1) == '.') {
            k++;
            p += 2;
        }
        for (; k >= 2; k--) {
            Py_ssize_t q = pos + 1 + 2 * k, e = closing(t, q);
            if (e >= 0) {
                m->dots_end = q;
                m->punct_end = -1;
                m->close_start = q;
                m->end = e;
                return 1;
            }
        }
    }
    /* (?P<punct>(?:[.!…‽]|(?<!\")\?)[.!?…‽]*) */
    if (c == '?' && pos > 0 && CH(t, pos - 1) == '"')
        return 0;
    Py_ssize_t r = pos + 1;
    while (r < n && is_final(CH(t, r)))
        r++;
    for (; r > pos; r--) {
        Py_ssize_t e = closing(t, r);
        if (e >= 0) {
            m->dots_end = -1;
            m->punct_end = r;
            m->close_start = r;
            m->end = e;
            return 1;
        }
    }
    return 0;
}

/* segment._decide_term: the cut, -1 for none, -2 for an exception. */
static Py_ssize_t
decide_term(Splitter *S, const Text *t, const Term *m, Py_ssize_t last)
{
    Py_ssize_t n = t->n, ms = m->start, me = m->end;
    if (me >= n)
        return -1;
    int damaged = me > m->close_start && CH(t, me - 1) == '-';
    for (Py_ssize_t i = m->close_start; !damaged && i + 1 < me; i++)
        damaged = CH(t, i) == '"' && CH(t, i + 1) == '?';
    int spaced = is_space(CH(t, me)) || damaged;
    /* the "next" pattern: \s*(?:"\?|["'“‘(\[{«¿¡*])*(?P<c>\S)? */
    Py_ssize_t at = me;
    while (at < n && is_space(CH(t, at)))
        at++;
    while (at < n) {
        Py_UCS4 o = CH(t, at);
        if (o == '"' && at + 1 < n && CH(t, at + 1) == '?')
            at += 2;
        else if (is_opener(o) || o == '*')
            at += 1;
        else
            break;
    }
    if (at >= n || is_space(CH(t, at)))
        return -1;
    Py_UCS4 c = CH(t, at);

    if (!spaced) {  /* no space after the stop: only "word.Next" run-ons split, also 'pass."The' */
        Py_ssize_t q = CH(t, me) == '"' ? 1 : 0;
        if (!(me + q + 1 < n && Py_UNICODE_ISUPPER(CH(t, me + q)) && Py_UNICODE_ISLOWER(CH(t, me + q + 1))))
            return -1;
        if (ms == 0 || !(Py_UNICODE_ISLOWER(CH(t, ms - 1)) || Py_UNICODE_ISDIGIT(CH(t, ms - 1))))
            return -1;
        Py_ssize_t lo = ms - 1, hi = me;
        while (lo >= 0 && CH(t, lo) != ' ')
            lo--;
        lo++;
        while (hi < n && CH(t, hi) != ' ')
            hi++;
        for (Py_ssize_t i = lo; i < hi; i++) {  /* the "url_like" pattern, searched in text[lo:hi] */
            Py_UCS4 u = CH(t, i);
            if (u == '@' || u == '/')
                return -1;
            if (i + 3 < hi && same_letter(u, 'w') && same_letter(CH(t, i + 1), 'w') &&
                same_letter(CH(t, i + 2), 'w') && CH(t, i + 3) == '.')
                return -1;
            if (u == '.') {
                static const char *tlds[] = {"com", "org", "net", "gov", "edu", "co", "uk", "io"};
                for (int k = 0; k < 8; k++) {
                    Py_ssize_t len = (Py_ssize_t)strlen(tlds[k]), j = i + 1;
                    if (j + len > hi)
                        continue;
                    int same = 1;
                    for (Py_ssize_t x = 0; same && x < len; x++)
                        same = same_letter(CH(t, j + x), (Py_UCS4)tlds[k][x]);
                    /* \b after a letter: the end, or no word character next */
                    if (same && (j + len == hi || !(is_alnum(CH(t, j + len)) || CH(t, j + len) == '_')))
                        return -1;
                }
            }
        }
        Py_ssize_t a, b;
        prev_token(t, ms, last, &a, &b);
        for (Py_ssize_t i = b - 1; i >= a; i--)
            if (CH(t, i) == '.') {
                a = i + 1;
                break;
            }
        int kind = token_kind(S, t, a, b);
        if (kind < 0)
            return -2;
        if (kind == K_STRONG || kind == K_AMBIG)
            return -1;
        return me + q;
    }

    if (Py_UNICODE_ISLOWER(c) || is_no_start(c))
        return -1;

    if (m->dots_end >= 0) {  /* ellipses ". . ." */
        Py_ssize_t ndots = 0;
        for (Py_ssize_t i = ms; i < m->dots_end; i++)
            ndots += CH(t, i) == '.';
        if (!Py_UNICODE_ISUPPER(c))
            return -1;
        int attached = ms > 0 && !is_space(CH(t, ms - 1));
        if (ndots >= 4)
            return attached ? ms + 1 : me;
        return -1;
    }
    Py_ssize_t pe = m->punct_end;
    int ellipsis = pe - ms >= 2 && CH(t, ms) == '.' && CH(t, ms + 1) == '.';
    for (Py_ssize_t i = ms; !ellipsis && i < pe; i++)
        ellipsis = CH(t, i) == 0x2026;
    if (ellipsis) {
        if (ms > 0 && CH(t, ms - 1) == '[' && me > m->close_start && CH(t, m->close_start) == ']')
            return -1;  /* "[...]" marks an omission inside a quotation */
        if (!Py_UNICODE_ISUPPER(c))
            return -1;
        if ((ms == 0 || is_space(CH(t, ms - 1))) && word_is_I(t, at))
            return -1;
        return me;
    }
    if (!(pe - ms == 1 && CH(t, ms) == '.'))  /* ? and ! */
        return me;
    return full_stop(S, t, ms, me, c, at, last);
}

/* segment._decide_break for the line break text[ns:ne] (with the white space around it). */
static Py_ssize_t
decide_break(const Text *t, Py_ssize_t ns, Py_ssize_t ne, Py_ssize_t last)
{
    if (ne >= t->n)
        return -1;
    Py_ssize_t breaks = 0;
    for (Py_ssize_t i = ns; i < ne; i++) {
        Py_UCS4 c = CH(t, i);
        if (c == '\r' && i + 1 < ne && CH(t, i + 1) == '\n')
            continue;  /* "\r\n" is one */
        breaks += is_break(c);
    }
    if (breaks >= 2)
        return ns;
    if (Py_UNICODE_ISLOWER(CH(t, ne))) {
        /* the "head" pattern, [\s"'“‘(\[{«¿¡]*(\S), matched in text[last:ns] */
        Py_ssize_t i = last;
        while (i < ns && (is_space(CH(t, i)) || is_opener(CH(t, i))))
            i++;
        Py_ssize_t head = -1;
        if (i < ns)
            head = i;
        else
            for (Py_ssize_t j = ns - 1; j >= last; j--)
                if (!is_space(CH(t, j))) {
                    head = j;
                    break;
                }
        if (head >= 0 && (Py_UNICODE_ISUPPER(CH(t, head)) || Py_UNICODE_ISDIGIT(CH(t, head))))
            return -1;  /* a wrapped line inside a sentence */
    }
    return ns;
}

/* The "marker" pattern matched at ``at`` (after a space or at 0): 1 with its kind ('n' or 'a') and value. */
static int
match_marker(const Text *t, Py_ssize_t at, int *kind, long *value)
{
    Py_ssize_t n = t->n;
    Py_ssize_t ends[2];
    int k = 0;
    Py_UCS4 c = CH(t, at);
    if (Py_UNICODE_ISDECIMAL(c)) {  /* \d{1,2}, greedy */
        if (at + 1 < n && Py_UNICODE_ISDECIMAL(CH(t, at + 1)))
            ends[k++] = at + 2;
        ends[k++] = at + 1;
    }
    else if (c >= 'a' && c <= 'z')
        ends[k++] = at + 1;
    for (int j = 0; j < k; j++) {
        Py_ssize_t p = ends[j];
        /* (?:\.\)|[.)])(?=\s+\S) */
        Py_ssize_t after[2];
        int na = 0;
        if (p < n && CH(t, p) == '.' && p + 1 < n && CH(t, p + 1) == ')')
            after[na++] = p + 2;
        if (p < n && (CH(t, p) == '.' || CH(t, p) == ')'))
            after[na++] = p + 1;
        for (int x = 0; x < na; x++) {
            Py_ssize_t q = after[x];
            if (!(q < n && is_space(CH(t, q))))
                continue;
            while (q < n && is_space(CH(t, q)))
                q++;
            if (q < n) {
                if (Py_UNICODE_ISDECIMAL(c)) {
                    *kind = 'n';
                    *value = 0;
                    for (Py_ssize_t i = at; i < p; i++)
                        *value = *value * 10 + Py_UNICODE_TODECIMAL(CH(t, i));
                }
                else {
                    *kind = 'a';
                    *value = (long)c;
                }
                return 1;
            }
        }
    }
    return 0;
}

/* segment._list_cuts; ``ends``: the offsets of every '.' and ')' (or '.' only) in order. */
static int
list_cuts(const Text *t, const Vec *ends, Vec *out)
{
    Vec at = {0}, val = {0};
    Py_ssize_t *marked = NULL;
    int rc = -1;
    for (Py_ssize_t k = 0; k < ends->n; k++) {
        Py_ssize_t q = ends->v[k];
        if (q >= 3 && Py_UNICODE_ISALPHA(CH(t, q - 3)) && Py_UNICODE_ISALPHA(CH(t, q - 2)))
            continue;  /* the end of a longer word ("said.") */
        for (Py_ssize_t a = q - 1; a >= q - 2; a--) {
            int kind;
            long value;
            if (a >= 0 && (a == 0 || is_space(CH(t, a - 1))) && match_marker(t, a, &kind, &value)) {
                if (vec_push(&at, a) < 0 || vec_push(&val, (Py_ssize_t)kind * ((Py_ssize_t)1 << 40) + value) < 0)
                    goto done;
                break;
            }
        }
    }
    /* items that follow one another ("1." then "2."): both start list items */
    marked = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(2 * at.n + 1));
    if (marked == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t k = 0; k + 1 < at.n; k++)
        if (val.v[k + 1] == val.v[k] + 1) {
            marked[m++] = at.v[k];
            marked[m++] = at.v[k + 1];
        }
    /* sorted(set(...)), without 0 */
    for (Py_ssize_t i = 1; i < m; i++) {  /* insertion sort: few */
        Py_ssize_t x = marked[i], j = i;
        while (j > 0 && marked[j - 1] > x) {
            marked[j] = marked[j - 1];
            j--;
        }
        marked[j] = x;
    }
    for (Py_ssize_t i = 0; i < m; i++)
        if (marked[i] > 0 && (out->n == 0 || out->v[out->n - 1] != marked[i]))
            if (vec_push(out, marked[i]) < 0)
                goto done;
    rc = 0;
done:
    PyMem_Free(at.v);
    PyMem_Free(val.v);
    PyMem_Free(marked);
    return rc;
}

/* accept(p) of segment.sentence_spans */
#define ACCEPT(p)                                                              \
    do {                                                                       \
        Py_ssize_t p_ = (p);                                                   \
        if (p_ > last && !(p_ - last < 16 && !any_alnum(&t, last, p_))) {     \
            if (vec_push(&cuts, p_) < 0)                                       \
                goto fail;                                                     \
            last = p_;                                                         \
        }                                                                      \
    } while (0)

PyDoc_STRVAR(splitter_spans_doc,
"spans(text) -> list of (start, end): analysis.score.segment.sentence_spans(text).");

static PyObject *
Splitter_spans(Splitter *S, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "text must be str, not %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    Text t = {arg, PyUnicode_KIND(arg), PyUnicode_DATA(arg), PyUnicode_GET_LENGTH(arg)};
    Py_ssize_t n = t.n;
    Py_ssize_t blank = 1;
    for (Py_ssize_t i = 0; blank && i < n; i++)
        blank = is_space(CH(&t, i));
    if (blank)
        return PyList_New(0);
    Vec cands = {0}, ends = {0}, items = {0}, cuts = {0};
    PyObject *out = NULL;
    /* the candidates (every stop, ?, !, ellipsis, line break and bullet) and the ends of list markers */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = CH(&t, i);
        if (c == '.') {
            if (vec_push(&cands, i) < 0 || vec_push(&ends, i) < 0)
                goto fail;
        }
        else if (c == ')') {
            if (vec_push(&ends, i) < 0)
                goto fail;
        }
        else if (c == '!' || c == '?' || c == 0x2026 || c == 0x203D || is_break(c) || is_bullet(c)) {
            if (vec_push(&cands, i) < 0)
                goto fail;
        }
    }
    if (list_cuts(&t, &ends, &items) < 0)
        goto fail;
    Py_ssize_t li = 0, next_item = items.n ? items.v[0] : n;
    Py_ssize_t last = 0, scan = 0;
    for (Py_ssize_t k = 0; k < cands.n; k++) {
        Py_ssize_t pos = cands.v[k], p;
        if (pos < scan)
            continue;
        while (next_item <= pos) {
            ACCEPT(next_item);
            li++;
            next_item = li < items.n ? items.v[li] : n;
        }
        Py_UCS4 ch = CH(&t, pos);
        if (ch == '.' && pos + 2 < n && CH(&t, pos + 1) == ' ' && CH(&t, pos + 2) != '.') {
            /* the usual case, a full stop and a space */
            Py_ssize_t at = pos + 2;
            Py_UCS4 c = CH(&t, at);
            if (!is_ascii_letter(c)) {  /* the "next" pattern from pos + 1 */
                at = pos + 1;
                while (at < n && is_space(CH(&t, at)))
                    at++;
                while (at < n) {
                    Py_UCS4 o = CH(&t, at);
                    if (o == '"' && at + 1 < n && CH(&t, at + 1) == '?')
                        at += 2;
                    else if (is_opener(o) || o == '*')
                        at += 1;
                    else
                        break;
                }
                if (at >= n || is_space(CH(&t, at)))
                    continue;
                c = CH(&t, at);
            }
            if (Py_UNICODE_ISLOWER(c) || is_no_start(c))
                continue;
            if (is_AZ(c) && pos - last > 12) {
                Py_ssize_t from = last > pos - 40 ? last : pos - 40, space = -1;
                for (Py_ssize_t i = pos - 1; i >= from; i--)
                    if (CH(&t, i) == ' ') {
                        space = i;
                        break;
                    }
                if (space >= 0 && pos - space > 2) {
                    int alpha = 1;
                    for (Py_ssize_t i = space + 1; alpha && i < pos; i++)
                        alpha = Py_UNICODE_ISALPHA(CH(&t, i));
                    if (alpha) {
                        PyObject *w = PyUnicode_Substring(arg, space + 1, pos);
                        if (w == NULL)
                            goto fail;
                        int listed = PyDict_Contains(S->kinds, w);
                        Py_DECREF(w);
                        if (listed < 0)
                            goto fail;
                        if (!listed) {
                            ACCEPT(pos + 1);
                            continue;
                        }
                    }
                }
            }
            p = full_stop(S, &t, pos, pos + 1, c, at, last);
            if (p == -2)
                goto fail;
            if (p >= 0)
                ACCEPT(p);
            continue;
        }
        if (is_break(ch)) {
            Py_ssize_t start = pos;  /* the match starts with the spaces before the break */
            while (start > scan && is_space(CH(&t, start - 1)) && !is_break(CH(&t, start - 1)))
                start--;
            Py_ssize_t e = (ch == '\r' && pos + 1 < n && CH(&t, pos + 1) == '\n') ? pos + 2 : pos + 1;
            while (e < n && is_space(CH(&t, e)))
                e++;
            scan = e;
            p = decide_break(&t, start, e, last);
        }
        else if (is_bullet(ch)) {
            scan = pos + 1;
            p = (pos == 0 || is_space(CH(&t, pos - 1))) ? pos : -1;
        }
        else {
            Term m;
            if (!match_term(&t, pos, &m))
                continue;
            scan = m.end;
            p = decide_term(S, &t, &m, last);
            if (p == -2)
                goto fail;
        }
        if (p >= 0)
            ACCEPT(p);
    }
    while (li < items.n) {
        ACCEPT(items.v[li]);
        li++;
    }
    if (cuts.n && !any_alnum(&t, cuts.v[cuts.n - 1], n))
        cuts.n--;  /* trailing marks only: kept with the last sentence */
    out = PyList_New(0);
    if (out == NULL)
        goto fail;
    Py_ssize_t start = 0;
    for (Py_ssize_t k = 0; k <= cuts.n; k++) {
        Py_ssize_t end = k < cuts.n ? cuts.v[k] : n, a = start, b = end;
        while (a < b && is_space(CH(&t, a)))
            a++;
        while (b > a && is_space(CH(&t, b - 1)))
            b--;
        if (a < b) {
            PyObject *span = Py_BuildValue("(nn)", a, b);
            if (span == NULL || PyList_Append(out, span) < 0) {
                Py_XDECREF(span);
                goto fail;
            }
            Py_DECREF(span);
        }
        start = end;
    }
    PyMem_Free(cands.v);
    PyMem_Free(ends.v);
    PyMem_Free(items.v);
    PyMem_Free(cuts.v);
    return out;
fail:
    Py_XDECREF(out);
    PyMem_Free(cands.v);
    PyMem_Free(ends.v);
    PyMem_Free(items.v);
    PyMem_Free(cuts.v);
    return NULL;
}

#undef ACCEPT

static int
Splitter_init(Splitter *S, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"kinds", "strong", "number_only", "starters", "intro", NULL};
    PyObject *kinds, *strong, *number_only, *starters, *intro;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOOO", kwlist, &PyDict_Type, &kinds, &strong, &number_only,
                                     &starters, &intro))
        return -1;
    if (!PyAnySet_Check(strong) || !PyAnySet_Check(number_only) || !PyAnySet_Check(starters) ||
        !PyAnySet_Check(intro)) {
        PyErr_SetString(PyExc_TypeError, "strong, number_only, starters and intro must be sets");
        return -1;
    }
    Py_XSETREF(S->kinds, Py_NewRef(kinds));
    Py_XSETREF(S->strong, Py_NewRef(strong));
    Py_XSETREF(S->number_only, Py_NewRef(number_only));
    Py_XSETREF(S->starters, Py_NewRef(starters));
    Py_XSETREF(S->intro, Py_NewRef(intro));
    return 0;
}

static void
Splitter_dealloc(Splitter *S)
{
    Py_XDECREF(S->kinds);
    Py_XDECREF(S->strong);
    Py_XDECREF(S->number_only);
    Py_XDECREF(S->starters);
    Py_XDECREF(S->intro);
    Py_TYPE(S)->tp_free((PyObject *)S);
}

static PyObject *
Splitter_call_spans(Splitter *S, PyObject *arg)
{
    if (S->kinds == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Splitter is not initialised");
        return NULL;
    }
    return Splitter_spans(S, arg);
}

static PyMethodDef Splitter_methods[] = {
    {"spans", (PyCFunction)Splitter_call_spans, METH_O, splitter_spans_doc},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SplitterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "analysis._speedups.Splitter",
    .tp_doc = PyDoc_STR("Splitter(kinds, strong, number_only, starters, intro): the sentence splitter of "
                        "analysis.score.segment over its word lists."),
    .tp_basicsize = sizeof(Splitter),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Splitter_init,
    .tp_dealloc = (destructor)Splitter_dealloc,
    .tp_methods = Splitter_methods,
};

/* ================================================================== word runs of furniture keys */

/* The number of items of a large_string array given as its buffers (``ob``: int64 offsets, ``db``:
 * UTF-8 bytes), or -1 with ValueError when the offsets do not fit the data. */
static Py_ssize_t
items(const Py_buffer *ob, const Py_buffer *db)
{
    Py_ssize_t n = ob->len / (Py_ssize_t)sizeof(int64_t) - 1;
    const int64_t *o = (const int64_t *)ob->buf;
    int ok = n >= 0 && ob->len % (Py_ssize_t)sizeof(int64_t) == 0 && o[0] >= 0 && o[n] <= db->len;
    for (Py_ssize_t i = 0; ok && i < n; i++)
        ok = o[i] <= o[i + 1];
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "offsets do not fit the data");
        return -1;
    }
    return n;
}

PyDoc_STRVAR(word_runs_doc,
"word_runs(offsets, data) -> (offsets, data, n_words): analysis.ingest.furniture._word_runs on\n"
"the buffers of a large_string array (int64 offsets, UTF-8 bytes), as bytes.");

static PyObject *
word_runs(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer ob, db;
    if (!PyArg_ParseTuple(args, "y*y*", &ob, &db))
        return NULL;
    PyObject *offsets = NULL, *data = NULL, *words = NULL;
    Py_ssize_t n = items(&ob, &db);
    const int64_t *o = (const int64_t *)ob.buf;
    const unsigned char *d = (const unsigned char *)db.buf;
    if (n < 0)
        goto done;
    offsets = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int64_t));
    data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(o[n] - o[0]) + 1);  /* (+1: see below) */
    words = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    if (offsets == NULL || data == NULL || words == NULL)
        goto done;
    int64_t *oo = (int64_t *)PyBytes_AS_STRING(offsets), *ww = (int64_t *)PyBytes_AS_STRING(words);
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(data);
    int64_t pos = 0;
    Py_BEGIN_ALLOW_THREADS
    /* byte classes: 0 other, 1 word byte, 3 digit (RE2's \w is [0-9A-Za-z_], \d [0-9]) */
    unsigned char cls[256] = {0};
    for (int c = 'a'; c <= 'z'; c++)
        cls[c] = cls[c - 'a' + 'A'] = 1;
    cls['_'] = 1;
    for (int c = '0'; c <= '9'; c++)
        cls[c] = 3;
    oo[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t w = 0;
        unsigned char prev = 0;  /* the class of the byte before, in this string */
        for (int64_t j = o[i]; j < o[i + 1]; j++) {
            unsigned char b = d[j], c = cls[b];
            /* without branches: a byte is always written, and kept by moving on past it */
            int opens = c && !prev;
            out[pos] = ' ';
            pos += opens && w;
            w += opens;
            out[pos] = c == 3 ? '0' : b;
            pos += c == 1 || (c == 3 && prev != 3);
            prev = c;
        }
        oo[i + 1] = pos;
        ww[i] = w;
    }
    Py_END_ALLOW_THREADS
    if (_PyBytes_Resize(&data, (Py_ssize_t)pos) < 0)
        goto done;
    PyBuffer_Release(&ob);
    PyBuffer_Release(&db);
    return Py_BuildValue("(NNN)", offsets, data, words);
done:
    Py_XDECREF(offsets);
    Py_XDECREF(data);
    Py_XDECREF(words);
    PyBuffer_Release(&ob);
    PyBuffer_Release(&db);
    return NULL;
}

/* ================================================================== cues held by furniture units */

#define CUES_MAX 64

/* How common a byte is in English news text (lower: more common; letters in any case): a cue is
 * looked for at its least common byte, so that few places need a closer look. */
static int
rarity(unsigned char b)
{
    static const char common[] = " etaoinshrdl.,cumwfgypbvkjxqz";
    unsigned char low = (b >= 'A' && b <= 'Z') ? (unsigned char)(b | 0x20) : b;
    const char *at = memchr(common, low, sizeof(common) - 1);
    return at ? (int)(at - common) : (int)sizeof(common);
}

PyDoc_STRVAR(holding_doc,
"holding(offsets, data, cues, fold) -> bytes: analysis.ingest.furniture._holding on the buffers\n"
"of a large_string array (int64 offsets, UTF-8 bytes): one byte per item, 1 when the item holds\n"
"any of cues (a tuple of non-empty bytes), else 0; fold: each data byte is read as byte | 0x20.");

static PyObject *
holding(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer ob, db;
    PyObject *cues, *out = NULL;
    int fold;
    if (!PyArg_ParseTuple(args, "y*y*O!p", &ob, &db, &PyTuple_Type, &cues, &fold))
        return NULL;
    Py_ssize_t n = items(&ob, &db), k = PyTuple_GET_SIZE(cues);
    const int64_t *o = (const int64_t *)ob.buf;
    const unsigned char *d = (const unsigned char *)db.buf;
    const unsigned char *cue[CUES_MAX];
    Py_ssize_t len[CUES_MAX], anchor[CUES_MAX];  /* anchor: the place of the cue's least common byte */
    if (n < 0)
        goto done;
    if (k > CUES_MAX) {
        PyErr_Format(PyExc_ValueError, "at most %d cues", CUES_MAX);
        goto done;
    }
    for (Py_ssize_t c = 0; c < k; c++) {
        PyObject *b = PyTuple_GET_ITEM(cues, c);
        if (!PyBytes_Check(b) || PyBytes_GET_SIZE(b) == 0) {
            PyErr_SetString(PyExc_ValueError, "cues must be non-empty bytes");
            goto done;
        }
        cue[c] = (const unsigned char *)PyBytes_AS_STRING(b);
        len[c] = PyBytes_GET_SIZE(b);
        anchor[c] = 0;
        for (Py_ssize_t t = 1; t < len[c]; t++)
            if (rarity(cue[c][t]) > rarity(cue[c][anchor[c]]))
                anchor[c] = t;
    }
    out = PyBytes_FromStringAndSize(NULL, n);
    if (out == NULL)
        goto done;
    unsigned char *found = (unsigned char *)PyBytes_AS_STRING(out);
    memset(found, 0, (size_t)n);
    Py_BEGIN_ALLOW_THREADS
    const unsigned char mask = fold ? 0x20 : 0;
    unsigned char anchors[256] = {0};
    int distinct = 0;  /* distinct anchor bytes */
    for (Py_ssize_t c = 0; c < k; c++) {
        distinct += !anchors[cue[c][anchor[c]]];
        anchors[cue[c][anchor[c]]] = 1;
    }
    const unsigned char only = k ? cue[0][anchor[0]] : 0;
    Py_ssize_t i = 0;  /* the item of position j */
    int64_t j = k ? o[0] : o[n], end = o[n];
    while (j < end) {
        if (distinct == 1 && !mask) {  /* one anchor byte for every cue: memchr finds where */
            const unsigned char *p = memchr(d + j, only, (size_t)(end - j));
            if (p == NULL)
                break;
            j = p - d;
        } else {
            while (j < end && !anchors[d[j] | mask])
                j++;
            if (j == end)
                break;
        }
        while (o[i + 1] <= j)
            i++;
        int hit = 0;  /* a cue whose anchor byte is at j, wholly inside item i */
        for (Py_ssize_t c = 0; c < k && !hit; c++) {
            int64_t s = j - anchor[c];
            if (s < o[i] || s + len[c] > o[i + 1])
                continue;
            Py_ssize_t t = 0;
            while (t < len[c] && (d[s + t] | mask) == cue[c][t])
                t++;
            hit = t == len[c];
        }
        if (hit) {
            found[i] = 1;
            j = o[i + 1];  /* on to the next item (its cues have their anchors there or later) */
        } else {
            j++;
        }
    }
    Py_END_ALLOW_THREADS
done:
    PyBuffer_Release(&ob);
    PyBuffer_Release(&db);
    return out;
}

/* ================================================================== MinHash of near-duplicate detection */

#define SHINGLE 5      /* words per shingle (dedupe.SHINGLE) */
#define PERMS 64       /* bins of a signature (dedupe._PERMS) */
#define VALUE_BITS 58  /* 64 - the bits choosing the bin (dedupe._VALUE_BITS) */

/* The little-endian value of the k (<= 8) bytes at p; ``room``: the bytes readable from p. */
static inline uint64_t
le_bytes(const unsigned char *p, Py_ssize_t k, Py_ssize_t room)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (room >= 8) {  /* one read of 8 bytes, the ones past the k-th masked off */
        uint64_t v;
        memcpy(&v, p, 8);
        return k >= 8 ? v : v & ((UINT64_C(1) << (8 * k)) - 1);
    }
#endif
    uint64_t v = 0;
    for (Py_ssize_t t = k - 1; t >= 0; t--)
        v = (v << 8) | p[t];
    return v;
}

/* Where the word at d + pos ends: the next space, or len. */
static inline Py_ssize_t
word_end(const unsigned char *d, Py_ssize_t pos, Py_ssize_t len)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (len - pos >= 8) {  /* 8 bytes at a time: a space becomes a zero byte, the first one found */
        uint64_t x;
        memcpy(&x, d + pos, 8);
        x ^= 0x2020202020202020ULL;
        uint64_t zero = (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
        if (zero)
            return pos + (__builtin_ctzll(zero) >> 3);
        pos += 8;
    }
#endif
    while (pos < len && d[pos] != ' ')
        pos++;
    return pos;
}

static uint64_t
splitmix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return x;
}

PyDoc_STRVAR(minhash_doc,
"minhash(data, counts, long_value) -> bytes: the bins of the one-permutation MinHash signatures\n"
"of analysis.ingest.dedupe.fingerprints, before densification (an empty bin: 2**64 - 1), as\n"
"uint64, 64 per text. data: the normalised texts joined by single spaces; counts: int64, the\n"
"words of each (at least 5); long_value(word): the value of a word of more than 16 bytes.");

static PyObject *
minhash(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer db, cb;
    PyObject *long_value, *out = NULL;
    if (!PyArg_ParseTuple(args, "y*y*O", &db, &cb, &long_value))
        return NULL;
    const unsigned char *d = (const unsigned char *)db.buf;
    const int64_t *counts = (const int64_t *)cb.buf;
    Py_ssize_t n = cb.len / (Py_ssize_t)sizeof(int64_t), len = db.len;
    int64_t total = 0;
    int ok = cb.len % (Py_ssize_t)sizeof(int64_t) == 0;
    for (Py_ssize_t k = 0; ok && k < n; k++) {
        ok = counts[k] >= SHINGLE;
        total += counts[k];
    }
    Py_ssize_t spaces = 0;
    for (Py_ssize_t j = 0; ok && j < len; j++)
        spaces += d[j] == ' ';
    if (!ok || (n ? total != spaces + 1 : len != 0)) {
        PyErr_SetString(PyExc_ValueError, "counts must be at least 5 and add up to the words of data");
        goto done;
    }
    if (!PyCallable_Check(long_value)) {
        PyErr_SetString(PyExc_TypeError, "long_value must be callable");
        goto done;
    }
    out = PyBytes_FromStringAndSize(NULL, n * PERMS * (Py_ssize_t)sizeof(uint64_t));
    if (out == NULL)
        goto done;
    uint64_t *sig = (uint64_t *)PyBytes_AS_STRING(out);
    memset(sig, 0xff, (size_t)n * PERMS * sizeof(uint64_t));
    const uint64_t low = (UINT64_C(1) << VALUE_BITS) - 1;
    uint64_t window[SHINGLE], top = 1;  /* top: 1000003 ** (SHINGLE - 1) */
    for (int t = 1; t < SHINGLE; t++)
        top *= 1000003ULL;
    Py_ssize_t pos = 0;  /* where the next word starts */
    for (Py_ssize_t k = 0; k < n; k++) {
        uint64_t *row = sig + k * PERMS, h = 0;
        for (int64_t w = 0; w < counts[k]; w++) {
            Py_ssize_t end = word_end(d, pos, len), size = end - pos;
            uint64_t v = le_bytes(d + pos, size < 8 ? size : 8, len - pos);
            if (size > 16) {  /* rare (URLs, long compounds): hashed whole, in Python */
                PyObject *word = PyBytes_FromStringAndSize((const char *)d + pos, size);
                PyObject *got = word ? PyObject_CallOneArg(long_value, word) : NULL;
                Py_XDECREF(word);
                v = got ? PyLong_AsUnsignedLongLong(got) : 0;
                Py_XDECREF(got);
                if (PyErr_Occurred()) {
                    Py_CLEAR(out);
                    goto done;
                }
            } else if (size > 8) {
                v = v * 0x9E3779B97F4A7C15ULL + le_bytes(d + pos + 8, size - 8, len - pos - 8);
            }
            pos = end + 1;
            /* the shingle ending here, sum of its words' values times powers of 1000003 (mod 2**64),
             * rolled on: the word that leaves is taken out, the new one comes in */
            int slot = (int)(w % SHINGLE);
            if (w >= SHINGLE)
                h -= window[slot] * top;
            window[slot] = v;
            h = h * 1000003ULL + v;
            if (w < SHINGLE - 1)
                continue;
            uint64_t x = splitmix(h);
            uint64_t *bin = row + (x >> VALUE_BITS);
            if ((x & low) < *bin)
                *bin = x & low;
        }
    }
done:
    PyBuffer_Release(&db);
    PyBuffer_Release(&cb);
    return out;
}

/* ================================================================== unit slices of furniture */

/* the UTF-8 bytes of characters a..b of a text of one kind, or -1 when one is a lone surrogate */
static ALWAYS_INLINE int64_t
utf8_size(const int kind, const void *u, Py_ssize_t a, Py_ssize_t b)
{
    int64_t total = 0;
    unsigned surrogate = 0;
    for (Py_ssize_t j = a; j < b; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, u, j);
        surrogate |= (c - 0xD800u) <= 0x7FFu;
        total += 1 + (c >= 0x80) + (c >= 0x800) + (c >= 0x10000);
    }
    return surrogate ? -1 : total;
}

/* characters a..b of a text of one kind written as UTF-8 at w + pos; the position after them */
static ALWAYS_INLINE int64_t
utf8_write(const int kind, const void *u, Py_ssize_t a, Py_ssize_t b, unsigned char *w, int64_t pos)
{
    for (Py_ssize_t j = a; j < b; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, u, j);
        if (c < 0x80) {
            w[pos++] = (unsigned char)c;
        } else if (c < 0x800) {
            w[pos++] = (unsigned char)(0xC0 | (c >> 6));
            w[pos++] = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            w[pos++] = (unsigned char)(0xE0 | (c >> 12));
            w[pos++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            w[pos++] = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            w[pos++] = (unsigned char)(0xF0 | (c >> 18));
            w[pos++] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            w[pos++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            w[pos++] = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    return pos;
}

PyDoc_STRVAR(slices_doc,
"slices(texts, doc, start, end) -> (offsets, data) or None: the UTF-8 bytes of\n"
"texts[doc[i]][start[i]:end[i]] for each i (doc, start, end: int64; positions in code points, as\n"
"analysis.ingest.furniture._slices takes them), as the buffers of a large_string array; None when\n"
"a slice holds a lone surrogate (which has no UTF-8).");

static PyObject *
slices(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *offsets = NULL, *data = NULL, *out = NULL;
    Py_buffer db, sb, eb;
    if (!PyArg_ParseTuple(args, "O!y*y*y*", &PyList_Type, &texts, &db, &sb, &eb))
        return NULL;
    const int64_t *doc = (const int64_t *)db.buf, *start = (const int64_t *)sb.buf, *end = (const int64_t *)eb.buf;
    Py_ssize_t n = db.len / (Py_ssize_t)sizeof(int64_t), n_texts = PyList_GET_SIZE(texts);
    if (db.len % (Py_ssize_t)sizeof(int64_t) || sb.len != db.len || eb.len != db.len) {
        PyErr_SetString(PyExc_ValueError, "doc, start and end must be int64 arrays of one length");
        goto done;
    }
    /* first pass: check every slice, count its bytes */
    int64_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (doc[i] < 0 || doc[i] >= n_texts || start[i] < 0 || end[i] < start[i]) {
            PyErr_Format(PyExc_ValueError, "slice %zd is not within the texts", i);
            goto done;
        }
        PyObject *t = PyList_GET_ITEM(texts, doc[i]);
        if (!PyUnicode_Check(t)) {
            PyErr_Format(PyExc_TypeError, "texts[%lld] is not str", (long long)doc[i]);
            goto done;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(t), a = start[i] < len ? start[i] : len, b = end[i] < len ? end[i] : len;
        if (PyUnicode_IS_ASCII(t)) {
            total += b - a;
            continue;
        }
        int kind = PyUnicode_KIND(t);
        const void *u = PyUnicode_DATA(t);
        int64_t size = kind == PyUnicode_1BYTE_KIND ? utf8_size(PyUnicode_1BYTE_KIND, u, a, b)
                       : kind == PyUnicode_2BYTE_KIND ? utf8_size(PyUnicode_2BYTE_KIND, u, a, b)
                       : utf8_size(PyUnicode_4BYTE_KIND, u, a, b);
        if (size < 0) {  /* a lone surrogate */
            out = Py_None;
            Py_INCREF(out);
            goto done;
        }
        total += size;
    }
    offsets = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int64_t));
    data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)total);
    if (offsets == NULL || data == NULL)
        goto done;
    int64_t *o = (int64_t *)PyBytes_AS_STRING(offsets), pos = 0;
    unsigned char *w = (unsigned char *)PyBytes_AS_STRING(data);
    o[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {  /* second pass: encode */
        PyObject *t = PyList_GET_ITEM(texts, doc[i]);
        Py_ssize_t len = PyUnicode_GET_LENGTH(t), a = start[i] < len ? start[i] : len, b = end[i] < len ? end[i] : len;
        if (PyUnicode_IS_ASCII(t)) {
            memcpy(w + pos, (const char *)PyUnicode_DATA(t) + a, (size_t)(b - a));
            pos += b - a;
        } else {
            int kind = PyUnicode_KIND(t);
            const void *u = PyUnicode_DATA(t);
            pos = kind == PyUnicode_1BYTE_KIND ? utf8_write(PyUnicode_1BYTE_KIND, u, a, b, w, pos)
                  : kind == PyUnicode_2BYTE_KIND ? utf8_write(PyUnicode_2BYTE_KIND, u, a, b, w, pos)
                  : utf8_write(PyUnicode_4BYTE_KIND, u, a, b, w, pos);
        }
        o[i + 1] = pos;
    }
    out = Py_BuildValue("(OO)", offsets, data);
done:
    Py_XDECREF(offsets);
    Py_XDECREF(data);
    PyBuffer_Release(&db);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&eb);
    return out;
}

/* ================================================================== furniture removal */

PyDoc_STRVAR(removed_doc,
"removed(texts, doc, start, end) -> (list of str, bytes, bytes): for each run of equal doc values\n"
"(doc, start, end: int64, sorted by doc then start; positions in code points), texts[doc] without\n"
"its spans [start, end), as analysis.ingest.furniture._remove makes it; with len(new.split()) and\n"
"the U+FFFD characters that went (the old text's minus the new one's) of each, as int64.");

static inline int is_blank(Py_UCS4 c) { return c == ' ' || c == '\t'; }

/* _remove of one text (``kind``, ``u``, ``len``) without its ``k`` spans, written in the same kind
 * into ``buf`` (room for len + k characters); returns the new length. Inlined with a constant kind
 * below, so that each kind gets its own loops. */
static ALWAYS_INLINE Py_ssize_t
remove_spans(const int kind, const void *u, Py_ssize_t len, const int64_t *start, const int64_t *end, Py_ssize_t k,
             void *buf)
{
    Py_ssize_t n = 0, pos = 0;
    char *out = (char *)buf;
    for (Py_ssize_t j = 0; j <= k; j++) {  /* the parts between the spans, and after the last */
        Py_ssize_t a = pos, b = len;
        if (j < k) {
            Py_ssize_t s = start[j] < len ? (Py_ssize_t)start[j] : len, e = end[j] < len ? (Py_ssize_t)end[j] : len;
            if (e > pos)
                pos = e;
            if (s <= a)
                continue;  /* no part before this span */
            b = s;
        }
        Py_ssize_t i = a;
        while (i < b && !Py_UNICODE_ISALNUM(PyUnicode_READ(kind, u, i)))
            i++;
        if (i == b)
            continue;  /* no letter or digit: dropped */
        while (a < b && is_blank(PyUnicode_READ(kind, u, a)))
            a++;
        while (b > a && is_blank(PyUnicode_READ(kind, u, b - 1)))
            b--;
        if (n && PyUnicode_READ(kind, buf, n - 1) != '\n' && PyUnicode_READ(kind, u, a) != '\n')
            PyUnicode_WRITE(kind, buf, n++, ' ');
        memcpy(out + n * kind, (const char *)u + a * kind, (size_t)(b - a) * (size_t)kind);
        n += b - a;
    }
    /* anything to tidy: two blanks, a tab, a space at a line break, three line breaks (bitwise, so
     * that the loop is vectorised) */
    unsigned untidy = 0;
    if (kind == PyUnicode_1BYTE_KIND) {  /* in lanes of one byte */
        const uint8_t *b = (const uint8_t *)buf;
        uint8_t any = 0;
        for (Py_ssize_t i = 0; i + 2 < n; i++) {
            uint8_t c = b[i], d = b[i + 1], e = b[i + 2];
            any |= ((c == ' ') & ((d == ' ') | (d == '\n'))) | (c == '\t') |
                   ((c == '\n') & ((d == ' ') | ((d == '\n') & (e == '\n'))));
        }
        untidy = any;
    } else for (Py_ssize_t i = 0; i + 2 < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, buf, i), d = PyUnicode_READ(kind, buf, i + 1),
                e = PyUnicode_READ(kind, buf, i + 2);
        untidy |= ((c == ' ') & ((d == ' ') | (d == '\n'))) | (c == '\t') |
                  ((c == '\n') & ((d == ' ') | ((d == '\n') & (e == '\n'))));
    }
    for (Py_ssize_t i = n > 2 ? n - 2 : 0; i < n; i++) {  /* the last two */
        Py_UCS4 c = PyUnicode_READ(kind, buf, i), d = i + 1 < n ? PyUnicode_READ(kind, buf, i + 1) : 0;
        untidy |= ((c == ' ') & ((d == ' ') | (d == '\n'))) | (c == '\t') | ((c == '\n') & (d == ' '));
    }
    if (untidy) {
        /* [ \t]{2,} -> " " */
        Py_ssize_t w = 0;
        for (Py_ssize_t i = 0; i < n;) {
            if (is_blank(PyUnicode_READ(kind, buf, i)) && i + 1 < n && is_blank(PyUnicode_READ(kind, buf, i + 1))) {
                while (i < n && is_blank(PyUnicode_READ(kind, buf, i)))
                    i++;
                PyUnicode_WRITE(kind, buf, w++, ' ');
            } else {
                Py_UCS4 c = PyUnicode_READ(kind, buf, i++);
                PyUnicode_WRITE(kind, buf, w++, c);
            }
        }
        n = w;
        /* " ?\n ?" -> "\n" */
        w = 0;
        for (Py_ssize_t i = 0; i < n;) {
            Py_UCS4 c = PyUnicode_READ(kind, buf, i);
            if (c == '\n' || (c == ' ' && i + 1 < n && PyUnicode_READ(kind, buf, i + 1) == '\n')) {
                i += c == ' ' ? 2 : 1;
                if (i < n && PyUnicode_READ(kind, buf, i) == ' ')
                    i++;
                PyUnicode_WRITE(kind, buf, w++, '\n');
            } else {
                PyUnicode_WRITE(kind, buf, w++, c);
                i++;
            }
        }
        n = w;
        /* \n{3,} -> "\n\n" */
        w = 0;
        for (Py_ssize_t i = 0; i < n;) {
            Py_UCS4 c = PyUnicode_READ(kind, buf, i);
            if (c == '\n') {
                Py_ssize_t r = i;
                while (i < n && PyUnicode_READ(kind, buf, i) == '\n')
                    i++;
                PyUnicode_WRITE(kind, buf, w++, '\n');
                if (i - r > 1)
                    PyUnicode_WRITE(kind, buf, w++, '\n');
            } else {
                PyUnicode_WRITE(kind, buf, w++, c);
                i++;
            }
        }
        n = w;
    }
    /* .strip() */
    Py_ssize_t a = 0;
    while (a < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, buf, a)))
        a++;
    while (n > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, buf, n - 1)))
        n--;
    if (a)
        memmove(out, out + a * kind, (size_t)(n - a) * (size_t)kind);
    return n - a;
}

/* Py_UNICODE_ISSPACE without a branch (so that loops over it are vectorised): the white space of
 * str.split(), the same in every Unicode version since 6.3 (tests compare it with str.split on
 * every code point) */
static ALWAYS_INLINE unsigned
is_white(Py_UCS4 c)
{
    return (c == 32) | ((c - 9u) <= 4u) | ((c - 28u) <= 3u) | (c == 0x85) | (c == 0xA0) | (c == 0x1680) |
           ((c - 0x2000u) <= 10u) | (c == 0x2028) | (c == 0x2029) | (c == 0x202F) | (c == 0x205F) | (c == 0x3000);
}

/* len(text.split()) of ``n`` characters of one kind; for one-byte characters the word starts are
 * counted in lanes of one byte, 255 characters at a time */
static ALWAYS_INLINE int64_t
words_of(const int kind, const void *u, Py_ssize_t n)
{
    if (!n)
        return 0;
    int64_t count = !is_white(PyUnicode_READ(kind, u, 0));
    Py_ssize_t j = 1;
    if (kind == PyUnicode_1BYTE_KIND) {
        const uint8_t *c = (const uint8_t *)u;
        while (j < n) {
            Py_ssize_t stop = n - j > 255 ? j + 255 : n;
            uint8_t part = 0;
            for (; j < stop; j++) {
                uint8_t a = c[j - 1], b = c[j];
                uint8_t wa = (a == 32) | ((uint8_t)(a - 9) <= 4) | ((uint8_t)(a - 28) <= 3) | (a == 0x85) | (a == 0xA0);
                uint8_t wb = (b == 32) | ((uint8_t)(b - 9) <= 4) | ((uint8_t)(b - 28) <= 3) | (b == 0x85) | (b == 0xA0);
                part += wa & (wb ^ 1);
            }
            count += part;
        }
        return count;
    }
    if (kind == PyUnicode_2BYTE_KIND) {  /* mostly ASCII: looked up, the others tested */
        static const uint8_t ascii_white[128] = {[9] = 1, 1, 1, 1, 1, [28] = 1, 1, 1, 1, 1};
        const uint16_t *c = (const uint16_t *)u;
        unsigned before = !count;
        for (; j < n; j++) {
            unsigned white = c[j] < 128 ? ascii_white[c[j]] : is_white(c[j]);
            count += before & !white;
            before = white;
        }
        return count;
    }
    for (; j < n; j++)  /* a word starts after a space */
        count += is_white(PyUnicode_READ(kind, u, j - 1)) & !is_white(PyUnicode_READ(kind, u, j));
    return count;
}

/* the U+FFFD (lost characters) among ``n`` characters of one kind */
static ALWAYS_INLINE int64_t
fffd_of(const int kind, const void *u, Py_ssize_t n)
{
    int64_t lost = 0;
    if (kind != PyUnicode_1BYTE_KIND)
        for (Py_ssize_t j = 0; j < n; j++)
            lost += PyUnicode_READ(kind, u, j) == 0xFFFD;
    return lost;
}

static int64_t
count_words(int kind, const void *u, Py_ssize_t n)
{
    return kind == PyUnicode_1BYTE_KIND ? words_of(PyUnicode_1BYTE_KIND, u, n)
           : kind == PyUnicode_2BYTE_KIND ? words_of(PyUnicode_2BYTE_KIND, u, n) : words_of(PyUnicode_4BYTE_KIND, u, n);
}

static int64_t
count_fffd(int kind, const void *u, Py_ssize_t n)
{
    return kind == PyUnicode_1BYTE_KIND ? 0
           : kind == PyUnicode_2BYTE_KIND ? fffd_of(PyUnicode_2BYTE_KIND, u, n) : fffd_of(PyUnicode_4BYTE_KIND, u, n);
}

static Py_ssize_t
remove_spans1(const void *u, Py_ssize_t len, const int64_t *s, const int64_t *e, Py_ssize_t k, void *buf)
{
    return remove_spans(PyUnicode_1BYTE_KIND, u, len, s, e, k, buf);
}

static Py_ssize_t
remove_spans2(const void *u, Py_ssize_t len, const int64_t *s, const int64_t *e, Py_ssize_t k, void *buf)
{
    return remove_spans(PyUnicode_2BYTE_KIND, u, len, s, e, k, buf);
}

static Py_ssize_t
remove_spans4(const void *u, Py_ssize_t len, const int64_t *s, const int64_t *e, Py_ssize_t k, void *buf)
{
    return remove_spans(PyUnicode_4BYTE_KIND, u, len, s, e, k, buf);
}

static PyObject *
removed(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *list = NULL, *counts = NULL, *lost = NULL, *out = NULL;
    Py_buffer db, sb, eb;
    void *buf = NULL;
    Py_ssize_t cap = 0;
    if (!PyArg_ParseTuple(args, "O!y*y*y*", &PyList_Type, &texts, &db, &sb, &eb))
        return NULL;
    const int64_t *doc = (const int64_t *)db.buf, *start = (const int64_t *)sb.buf, *end = (const int64_t *)eb.buf;
    Py_ssize_t n = db.len / (Py_ssize_t)sizeof(int64_t), n_texts = PyList_GET_SIZE(texts), runs = 0;
    if (db.len % (Py_ssize_t)sizeof(int64_t) || sb.len != db.len || eb.len != db.len) {
        PyErr_SetString(PyExc_ValueError, "doc, start and end must be int64 arrays of one length");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (doc[i] < 0 || doc[i] >= n_texts || start[i] < 0 || end[i] < 0 || (i && (doc[i] < doc[i - 1] ||
                (doc[i] == doc[i - 1] && start[i] < start[i - 1])))) {
            PyErr_Format(PyExc_ValueError, "span %zd is not within the texts, or not in order", i);
            goto done;
        }
        if (!PyUnicode_Check(PyList_GET_ITEM(texts, doc[i]))) {
            PyErr_Format(PyExc_TypeError, "texts[%lld] is not str", (long long)doc[i]);
            goto done;
        }
        runs += !i || doc[i] != doc[i - 1];
    }
    list = PyList_New(runs);
    counts = PyBytes_FromStringAndSize(NULL, runs * (Py_ssize_t)sizeof(int64_t));
    lost = PyBytes_FromStringAndSize(NULL, runs * (Py_ssize_t)sizeof(int64_t));
    if (list == NULL || counts == NULL || lost == NULL)
        goto done;
    int64_t *words = (int64_t *)PyBytes_AS_STRING(counts), *gone = (int64_t *)PyBytes_AS_STRING(lost);
    Py_ssize_t r = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_ssize_t k = i;
        while (k < n && doc[k] == doc[i])
            k++;
        PyObject *t = PyList_GET_ITEM(texts, doc[i]);
        int kind = PyUnicode_KIND(t);
        const void *u = PyUnicode_DATA(t);
        Py_ssize_t len = PyUnicode_GET_LENGTH(t);
        if ((len + (k - i) + 1) * kind > cap) {
            PyMem_Free(buf);
            cap = 2 * (len + (k - i) + 1) * kind;
            buf = PyMem_Malloc((size_t)cap);
            if (buf == NULL) {
                PyErr_NoMemory();
                goto done;
            }
        }
        Py_ssize_t m = (kind == PyUnicode_1BYTE_KIND ? remove_spans1 : kind == PyUnicode_2BYTE_KIND ? remove_spans2
                        : remove_spans4)(u, len, start + i, end + i, k - i, buf);
        PyObject *s;
        if (PyUnicode_IS_ASCII(t)) {  /* so is the new text */
            s = PyUnicode_New(m, 127);
            if (s != NULL)
                memcpy(PyUnicode_DATA(s), buf, (size_t)m);
        } else {
            s = PyUnicode_FromKindAndData(kind, buf, m);
        }
        if (s == NULL)
            goto done;
        PyList_SET_ITEM(list, r, s);
        words[r] = count_words(kind, buf, m);
        gone[r] = count_fffd(kind, u, len) - count_fffd(kind, buf, m);
        r++;
        i = k;
    }
    out = Py_BuildValue("(OOO)", list, counts, lost);
done:
    PyMem_Free(buf);
    Py_XDECREF(list);
    Py_XDECREF(counts);
    Py_XDECREF(lost);
    PyBuffer_Release(&db);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&eb);
    return out;
}

/* ================================================================== word counts */

PyDoc_STRVAR(split_counts_doc,
"split_counts(texts) -> bytes: len(text.split()) of each str of the list texts, as int64.");

static PyObject *
split_counts(PyObject *Py_UNUSED(module), PyObject *texts)
{
    if (!PyList_Check(texts)) {
        PyErr_SetString(PyExc_TypeError, "texts must be a list of str");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(texts);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    if (out == NULL)
        return NULL;
    int64_t *counts = (int64_t *)PyBytes_AS_STRING(out);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *s = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(s)) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] is not str", k);
            Py_DECREF(out);
            return NULL;
        }
        counts[k] = count_words(PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s));
    }
    return out;
}

/* ================================================================== duplicate keys */

PyDoc_STRVAR(normalised_doc,
"normalised(texts) -> (list, bytes): for each str of the list texts, the UTF-8 bytes (surrogatepass) of\n"
"' '.join(text.casefold().split()) (analysis.ingest.dedupe._normalised); and the number of words of\n"
"each (int64).");

/* UTF-8 (surrogatepass) of chr(c).casefold() for the characters of the Basic Multilingual Plane met so
 * far (case folding maps each character on its own: a text's is that of its characters, joined) */
static PyObject *folded_bmp[0x10000];

/* a new reference to the UTF-8 of chr(c).casefold() */
static PyObject *
folded(Py_UCS4 c)
{
    if (c < 0x10000 && folded_bmp[c] != NULL) {
        Py_INCREF(folded_bmp[c]);
        return folded_bmp[c];
    }
    PyObject *ch = PyUnicode_FromOrdinal((int)c);
    PyObject *low = ch ? PyObject_CallMethod(ch, "casefold", NULL) : NULL;
    PyObject *b = low ? PyUnicode_AsEncodedString(low, "utf-8", "surrogatepass") : NULL;
    Py_XDECREF(ch);
    Py_XDECREF(low);
    if (b != NULL && c < 0x10000) {
        Py_INCREF(b);
        folded_bmp[c] = b;
    }
    return b;
}

/* the normalised UTF-8 of a text of one kind into *buf (grown as needed); its length, or -1 on error */
static ALWAYS_INLINE Py_ssize_t
normalise_text(const int kind, const void *u, Py_ssize_t len, char **buf, Py_ssize_t *cap, int64_t *words)
{
    static const uint8_t white[128] = {[9] = 1, 1, 1, 1, 1, [28] = 1, 1, 1, 1, 1};  /* str.split()'s, in ASCII */
    if (*cap < 2 * len + 16) {
        PyMem_Free(*buf);
        *cap = 2 * len + 16;
        *buf = PyMem_Malloc((size_t)*cap);
        if (*buf == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    char *w = *buf;
    Py_ssize_t m = 0;
    int64_t count = 0;
    unsigned gap = 1;  /* after white space (or at the start) */
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, u, i);
        if (c < 0x80) {  /* written whether kept or not, kept by moving on (no branch) */
            unsigned word = !white[c], opens = word & gap;
            w[m] = ' ';
            m += opens & (m > 0);
            w[m] = (char)((c - 'A') < 26u ? c + 32 : c);
            m += word;
            count += opens;
            gap = !word;
            continue;
        }
        if (is_white(c)) {
            gap = 1;
            continue;
        }
        PyObject *f = folded(c);
        if (f == NULL)
            return -1;
        Py_ssize_t k = PyBytes_GET_SIZE(f);
        if (m + k + 2 * (len - i) + 16 > *cap) {  /* room for this and the rest (2 bytes per ASCII character) */
            Py_ssize_t more = 2 * (m + k + 2 * (len - i) + 16);
            char *grown = PyMem_Realloc(*buf, (size_t)more);
            if (grown == NULL) {
                Py_DECREF(f);
                PyErr_NoMemory();
                return -1;
            }
            *buf = w = grown;
            *cap = more;
        }
        if (gap && m)
            w[m++] = ' ';
        count += gap;
        gap = 0;
        memcpy(w + m, PyBytes_AS_STRING(f), (size_t)k);
        m += k;
        Py_DECREF(f);
    }
    *words = count;
    return m;
}

static PyObject *
normalised(PyObject *Py_UNUSED(module), PyObject *texts)
{
    if (!PyList_Check(texts)) {
        PyErr_SetString(PyExc_TypeError, "texts must be a list of str");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(texts), cap = 0;
    PyObject *list = PyList_New(n), *counts = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
    char *buf = NULL;
    if (list == NULL || counts == NULL)
        goto fail;
    int64_t *words = (int64_t *)PyBytes_AS_STRING(counts);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *s = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(s)) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] is not str", k);
            goto fail;
        }
        int kind = PyUnicode_KIND(s);
        const void *u = PyUnicode_DATA(s);
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        Py_ssize_t m = kind == PyUnicode_1BYTE_KIND ? normalise_text(PyUnicode_1BYTE_KIND, u, len, &buf, &cap, words + k)
                       : kind == PyUnicode_2BYTE_KIND ? normalise_text(PyUnicode_2BYTE_KIND, u, len, &buf, &cap, words + k)
                       : normalise_text(PyUnicode_4BYTE_KIND, u, len, &buf, &cap, words + k);
        if (m < 0)
            goto fail;
        PyObject *b = PyBytes_FromStringAndSize(buf, m);
        if (b == NULL)
            goto fail;
        PyList_SET_ITEM(list, k, b);
    }
    PyMem_Free(buf);
    PyObject *out = Py_BuildValue("(OO)", list, counts);
    Py_DECREF(list);
    Py_DECREF(counts);
    return out;
fail:
    PyMem_Free(buf);
    Py_XDECREF(list);
    Py_XDECREF(counts);
    return NULL;
}

/* ================================================================== cleaning */

PyDoc_STRVAR(clean_marks_doc,
"clean_marks(text) -> (int, int): which steps of analysis.ingest.clean.clean_text the text needs, as\n"
"the bits of clean._marks (1 a rare character, 2 an odd space, 4 a damaged quote or contraction\n"
"candidate, 8 a run of U+FFFD, 16 two spaces, 32 a space at a line break, 64 three line breaks),\n"
"and its number of U+FFFD; one pass over the text.");

static ALWAYS_INLINE unsigned
is_rare(Py_UCS4 c)  /* clean._RARE */
{
    return (c <= 0x1F && c != '\n') | (c == 0x7F) | (c == 0xAD) | (c == 0xA0) | ((c - 0x2000u) <= 0xAu) |
           ((c - 0x200Bu) <= 2u) | (c == 0x2060) | (c == 0xFEFF) | (c == 0x202F) | (c == 0x205F) | (c == 0x3000);
}

static ALWAYS_INLINE unsigned
is_odd_space(Py_UCS4 c)  /* clean._ODD_SPACE */
{
    return (c == '\t') | (c == 0x0B) | (c == 0x0C) | (c == 0xA0) | ((c - 0x2000u) <= 0xAu) | (c == 0x202F) |
           (c == 0x205F) | (c == 0x3000);
}

/* the marks of the character ``c`` after ``a`` after ``b`` (bit values as in clean_marks); written
 * without branches, so that the loops over them are vectorised */
#define MARK_STEP(b, a, c, rare, odd)                                                                         \
    ((rare) | (odd) << 1 |                                                                                    \
     (((a) == '"') & (((c) == '?') | ((c) == 't') | ((c) == 's') | ((c) == 'v') | ((c) == 'l') |              \
                      ((c) == 'r') | ((c) == 'm') | ((c) == 'd'))) << 2 |                                     \
     (((a) == 0xFFFD) & ((c) == 0xFFFD)) << 3 | (((a) == ' ') & ((c) == ' ')) << 4 |                          \
     ((((a) == ' ') & ((c) == '\n')) | (((a) == '\n') & ((c) == ' '))) << 5 |                                 \
     (((b) == '\n') & ((a) == '\n') & ((c) == '\n')) << 6)
#define RARE1(c) ((((c) <= 0x1F) & ((c) != '\n')) | ((c) == 0x7F) | ((c) == 0xAD) | ((c) == 0xA0))
#define ODD1(c) (((c) == '\t') | ((c) == 0x0B) | ((c) == 0x0C) | ((c) == 0xA0))

static ALWAYS_INLINE void
marks_of(const int kind, const void *u, Py_ssize_t n, long *marks, Py_ssize_t *fffd)
{
    unsigned m = 0;
    Py_ssize_t lost = 0;
    for (Py_ssize_t i = 0; i < n && i < 2; i++) {  /* the first two: nothing (a NUL) before them */
        Py_UCS4 c = PyUnicode_READ(kind, u, i), a = i ? PyUnicode_READ(kind, u, 0) : 0;
        m |= MARK_STEP(0u, a, c, is_rare(c), is_odd_space(c));
        lost += c == 0xFFFD;
    }
    if (kind == PyUnicode_1BYTE_KIND) {  /* in lanes of one byte */
        const uint8_t *t = (const uint8_t *)u;
        Py_ssize_t i = 2;
#if defined(__GNUC__) || defined(__clang__)
        /* 16 characters at a time, with the compilers' vector extension (all ones where a test holds) */
        typedef uint8_t v16 __attribute__((vector_size(16)));
        v16 vm[6] = {{0}};
        for (; i + 16 <= n; i += 16) {
            v16 c, a, b;
            memcpy(&c, t + i, 16);
            memcpy(&a, t + i - 1, 16);
            memcpy(&b, t + i - 2, 16);
            vm[0] |= (v16)(((c <= 0x1F) & (c != '\n')) | (c == 0x7F) | (c == 0xAD) | (c == 0xA0));
            vm[1] |= (v16)((c == '\t') | (c == 0x0B) | (c == 0x0C) | (c == 0xA0));
            vm[2] |= (v16)((a == '"') & ((c == '?') | (c == 't') | (c == 's') | (c == 'v') | (c == 'l') | (c == 'r') |
                                         (c == 'm') | (c == 'd')));
            vm[3] |= (v16)((a == ' ') & (c == ' '));
            vm[4] |= (v16)(((a == ' ') & (c == '\n')) | ((a == '\n') & (c == ' ')));
            vm[5] |= (v16)((b == '\n') & (a == '\n') & (c == '\n'));
        }
        static const int bit[6] = {1, 2, 4, 16, 32, 64};
        for (int k = 0; k < 6; k++) {
            uint8_t any = 0;
            for (int j = 0; j < 16; j++)
                any |= vm[k][j];
            m |= any ? (unsigned)bit[k] : 0u;
        }
#endif
        for (; i < n; i++) {
            uint8_t c = t[i], a = t[i - 1], b = t[i - 2];
            m |= MARK_STEP(b, a, c, RARE1(c), ODD1(c));
        }
    } else {
        Py_ssize_t i = 2;
#if defined(__GNUC__) || defined(__clang__)
        if (kind == PyUnicode_2BYTE_KIND) {  /* 8 characters at a time */
            typedef uint16_t v8 __attribute__((vector_size(16)));
            const uint16_t *t = (const uint16_t *)u;
            v8 vm[8] = {{0}};
            for (; i + 8 <= n; i += 8) {
                v8 c, a, b;
                memcpy(&c, t + i, 16);
                memcpy(&a, t + i - 1, 16);
                memcpy(&b, t + i - 2, 16);
                v8 odd = (c == '\t') | (c == 0x0B) | (c == 0x0C) | (c == 0xA0) | ((v8)(c - 0x2000) <= 0xA) |
                         (c == 0x202F) | (c == 0x205F) | (c == 0x3000);
                vm[0] |= (v8)(odd | ((c <= 0x1F) & (c != '\n')) | (c == 0x7F) | (c == 0xAD) |
                              ((v8)(c - 0x200B) <= 2) | (c == 0x2060) | (c == 0xFEFF));
                vm[1] |= (v8)odd;
                vm[2] |= (v8)((a == '"') & ((c == '?') | (c == 't') | (c == 's') | (c == 'v') | (c == 'l') |
                                            (c == 'r') | (c == 'm') | (c == 'd')));
                vm[3] |= (v8)((a == 0xFFFD) & (c == 0xFFFD));
                vm[4] |= (v8)((a == ' ') & (c == ' '));
                vm[5] |= (v8)(((a == ' ') & (c == '\n')) | ((a == '\n') & (c == ' ')));
                vm[6] |= (v8)((b == '\n') & (a == '\n') & (c == '\n'));
                vm[7] |= (v8)(c == 0xFFFD);
            }
            for (int k = 0; k < 8; k++) {
                uint16_t any = 0;
                for (int j = 0; j < 8; j++)
                    any |= vm[k][j];
                m |= any && k < 7 ? 1u << k : 0u;  /* bits 1, 2, 4, 8, 16, 32, 64 */
            }
            if (vm[7][0] | vm[7][1] | vm[7][2] | vm[7][3] | vm[7][4] | vm[7][5] | vm[7][6] | vm[7][7])
                for (Py_ssize_t j = 2; j < i; j++)  /* U+FFFD: counted (rare) */
                    lost += t[j] == 0xFFFD;
        }
#endif
        for (; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, u, i), a = PyUnicode_READ(kind, u, i - 1), b = PyUnicode_READ(kind, u, i - 2);
            m |= MARK_STEP(b, a, c, is_rare(c), is_odd_space(c));
            lost += c == 0xFFFD;
        }
    }
    *marks = (long)m;
    *fffd = lost;
}

static PyObject *
clean_marks(PyObject *Py_UNUSED(module), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *u = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), fffd;
    long marks;
    if (kind == PyUnicode_1BYTE_KIND)
        marks_of(PyUnicode_1BYTE_KIND, u, n, &marks, &fffd);
    else if (kind == PyUnicode_2BYTE_KIND)
        marks_of(PyUnicode_2BYTE_KIND, u, n, &marks, &fffd);
    else
        marks_of(PyUnicode_4BYTE_KIND, u, n, &marks, &fffd);
    return Py_BuildValue("(ln)", marks, fffd);
}

/* ================================================================== glued sentences */

PyDoc_STRVAR(glued_doc,
"glued(text, start) -> list of (int, int): [m.span(\"a\") for m in re.finditer(r'[.!?][\"\\u201d\\u2019)]?\n"
"(?P<a>-+\\s*)(?=[A-Z])', text[start:])], as positions in text (analysis.ingest.furniture._glued): a\n"
"sentence end glued to the next sentence by hyphens.");

/* the next hyphen of a text of one kind at or after ``i`` (n if none) */
static ALWAYS_INLINE Py_ssize_t
next_hyphen(const int kind, const void *u, Py_ssize_t i, Py_ssize_t n)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const char *at = i < n ? memchr((const char *)u + i, '-', (size_t)(n - i)) : NULL;
        return at ? at - (const char *)u : n;
    }
    while (i < n && PyUnicode_READ(kind, u, i) != '-')
        i++;
    return i;
}

/* glued() of a text of one kind: found from its hyphens (fewer than its stops) */
static ALWAYS_INLINE int
glued_kind(const int kind, const void *u, Py_ssize_t n, Py_ssize_t start, PyObject *out)
{
    Py_ssize_t pos = start < 0 ? 0 : start;  /* where a match may start */
    for (Py_ssize_t i = next_hyphen(kind, u, pos + 1, n); i < n; i = next_hyphen(kind, u, i + 1, n)) {
        Py_UCS4 before = PyUnicode_READ(kind, u, i - 1);
        Py_ssize_t p = i - 1;  /* the stop */
        if (before == '"' || before == 0x201D || before == 0x2019 || before == ')') {
            p = i - 2;
            if (p < 0)
                continue;
            before = PyUnicode_READ(kind, u, p);
        }
        if (p < pos || (before != '.' && before != '!' && before != '?'))
            continue;
        Py_ssize_t b = i;
        while (b < n && PyUnicode_READ(kind, u, b) == '-')
            b++;
        Py_ssize_t run = b;
        while (b < n && is_white(PyUnicode_READ(kind, u, b)))
            b++;
        if (b == n || (Py_UCS4)(PyUnicode_READ(kind, u, b) - 'A') >= 26u) {
            i = run - 1;  /* (the rest of this run of hyphens starts no match) */
            continue;
        }
        PyObject *span = Py_BuildValue("(nn)", i, b);
        if (span == NULL || PyList_Append(out, span) < 0) {
            Py_XDECREF(span);
            return -1;
        }
        Py_DECREF(span);
        pos = b;
        i = b - 1;
    }
    return 0;
}

static PyObject *
glued(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text;
    Py_ssize_t start;
    if (!PyArg_ParseTuple(args, "Un", &text, &start))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *u = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    int err = kind == PyUnicode_1BYTE_KIND ? glued_kind(PyUnicode_1BYTE_KIND, u, n, start, out)
              : kind == PyUnicode_2BYTE_KIND ? glued_kind(PyUnicode_2BYTE_KIND, u, n, start, out)
              : glued_kind(PyUnicode_4BYTE_KIND, u, n, start, out);
    if (err < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* ================================================================== unit cues */

PyDoc_STRVAR(unit_cues_doc,
"unit_cues(text) -> int: which cut points analysis.ingest.furniture._units must look for in the text,\n"
"as the bits of furniture._unit_cues (1 a hyphen, 2 \"://\" or \"www.\", 4 \"@\", 8 \"(\", 16 \")\"); one\n"
"pass over the text.");

/* the cues of the character c after a after b after z (see unit_cues), without branches */
#define CUE_STEP(z, b, a, c)                                                                                  \
    (((c) == '-') | ((((b) == ':') & ((a) == '/') & ((c) == '/')) |                                           \
                     (((z) == 'w') & ((b) == 'w') & ((a) == 'w') & ((c) == '.'))) << 1 |                      \
     ((c) == '@') << 2 | ((c) == '(') << 3 | ((c) == ')') << 4)

static PyObject *
unit_cues(PyObject *Py_UNUSED(module), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *u = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    unsigned m = 0;
    for (; i < n && i < 3; i++)  /* the first three: nothing (a NUL) before them */
        m |= CUE_STEP(i > 2 ? PyUnicode_READ(kind, u, i - 3) : 0u, i > 1 ? PyUnicode_READ(kind, u, i - 2) : 0u,
                      i > 0 ? PyUnicode_READ(kind, u, i - 1) : 0u, PyUnicode_READ(kind, u, i));
#if defined(__GNUC__) || defined(__clang__)
    if (kind == PyUnicode_1BYTE_KIND) {  /* 16 characters at a time */
        typedef uint8_t v16 __attribute__((vector_size(16)));
        const uint8_t *t = (const uint8_t *)u;
        v16 acc = {0};
        for (; i + 16 <= n; i += 16) {
            v16 c, a, b, z;
            memcpy(&c, t + i, 16);
            memcpy(&a, t + i - 1, 16);
            memcpy(&b, t + i - 2, 16);
            memcpy(&z, t + i - 3, 16);
            acc |= (v16)((c == '-') & 1) | (v16)((((b == ':') & (a == '/') & (c == '/')) |
                                                  ((z == 'w') & (b == 'w') & (a == 'w') & (c == '.'))) & 2) |
                   (v16)((c == '@') & 4) | (v16)((c == '(') & 8) | (v16)((c == ')') & 16);
        }
        for (int j = 0; j < 16; j++)
            m |= acc[j];
    }
#endif
    for (; i < n; i++)
        m |= CUE_STEP(PyUnicode_READ(kind, u, i - 3), PyUnicode_READ(kind, u, i - 2), PyUnicode_READ(kind, u, i - 1),
                      PyUnicode_READ(kind, u, i));
    return PyLong_FromUnsignedLong(m);
}

static PyMethodDef speedups_methods[] = {
    {"word_runs", word_runs, METH_VARARGS, word_runs_doc},
    {"split_counts", split_counts, METH_O, split_counts_doc},
    {"holding", holding, METH_VARARGS, holding_doc},
    {"minhash", minhash, METH_VARARGS, minhash_doc},
    {"slices", slices, METH_VARARGS, slices_doc},
    {"removed", removed, METH_VARARGS, removed_doc},
    {"normalised", normalised, METH_O, normalised_doc},
    {"clean_marks", clean_marks, METH_O, clean_marks_doc},
    {"glued", glued, METH_VARARGS, glued_doc},
    {"unit_cues", unit_cues, METH_O, unit_cues_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "analysis._speedups",
    .m_doc = "Compiled word scan of analysis.sentiment, sentence splitter of analysis.segment, word runs and cue search "
             "of analysis.furniture, MinHash of analysis.dedupe (optional; the Python modules are the fallback).",
    .m_size = -1,
    .m_methods = speedups_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    if (PyType_Ready(&ScannerType) < 0 || PyType_Ready(&SplitterType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&speedups_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "KERNEL_VERSION", KERNEL_VERSION) < 0 ||
        PyModule_AddIntConstant(m, "TEXT_VERSION", TEXT_VERSION) < 0 ||
        PyModule_AddIntConstant(m, "PLAIN_MAX", PLAIN_MAX) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&SplitterType);
    if (PyModule_AddObject(m, "Splitter", (PyObject *)&SplitterType) < 0) {
        Py_DECREF(&SplitterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
