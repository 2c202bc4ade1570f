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
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Raised whenever the meaning of this file changes; checked by sentiment.py. */
#define KERNEL_VERSION 3
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

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "analysis._speedups",
    .m_doc = "Compiled word scan of analysis.sentiment (optional; sentiment.py is the fallback).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    if (PyType_Ready(&ScannerType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&speedups_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "KERNEL_VERSION", KERNEL_VERSION) < 0 ||
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
    return m;
}
