//! The search index (`search/`): every public text of the site — handbook
//! pages, the framework and its competencies, mentors, public portfolios
//! and their log entries — in full, stemmed, for a search page that finds
//! what people type, from `file://` and under any sub-path.
//!
//! # Design
//!
//! **Words.** A text is cut into words at every character that is neither
//! a letter nor a digit, so "chauffe-eau" is the two words "chauffe" and
//! "eau", one after the other (a query "chauffe eau" or "chauffe-eau" finds
//! both spellings: the words are the same and next to each other), and
//! "d'un" is "d" and "un". Words are lowercased, accents folded ([`fold`]:
//! é → e, œ → oe, combining accents dropped), words of one character and
//! the language's little words ([`stop_words`]) left out. Each word is then
//! stemmed by the Snowball stemmer of the site's language (French or
//! English, `rust-stemmers`) *before* its accents are folded (the French
//! algorithm reads them), and the stem folded.
//!
//! **No stemmer in the browser.** The browser only folds the query, the
//! same way (search.js carries the same folding table and gets the same
//! little words from `index.js`; `tests/search.rs` holds the two in step).
//! It never stems: for each stem the index lists the word forms of the
//! site that gave it ("soudur": "soudure soudures"), so that a query word
//! finds a stem when it *is* one of its forms, or the beginning of the stem
//! or of one of its forms — a user typing "soud" finds "soudure" and
//! "souder"; "soudures" finds "soudure" (same stem), even when no page
//! writes "soudures". A query word the site never wrote ("soudeuses")
//! falls back on the longest stem it starts with, at most five letters
//! shorter and at least half its length. A stem found also brings, ranked
//! lower, the stems of four letters or more that differ from it by one or
//! two letters at the end: Snowball gives "soudure" the stem "soudur" and
//! "souder" the stem "soud", and a reader looking for one wants the other.
//!
//! **Shards.** `fetch` does not work from `file://`, so every part of the
//! index is a script that calls a function of search.js, loaded by a
//! `<script>` element when a query needs it (as rustdoc's search does):
//! - `search/index.js` (a few hundred bytes): how many documents, where
//!   each shard starts, the little words, the kinds of documents;
//! - `search/shard-<k>.js`: the stems whose first three letters fall in
//!   the shard's range, each with its forms and its postings — for each
//!   document, the best field it appears in (title, heading or text) and
//!   the positions of its first [`POSITIONS`] occurrences, numbers written
//!   as base-64 variable-length digits, delta-coded. A query word of three
//!   letters or more needs exactly one shard; the shards are cut where
//!   their sizes balance, at whole three-letter groups;
//! - `search/text/<f>/<d>.js` and `search/text/<f>/<d>-<k>.js` (folder
//!   `f` = `d` / `TEXTS_PER_FOLDER`): the documents' texts, the ones the
//!   snippets are cut from — every paragraph, heading, list item and table
//!   row, in full, cut in parts of about [`PART_BYTES`] of Markdown. The
//!   first part of a document also holds its title, address, kind, a line
//!   of context (an entry's apprentice and date) and the position where
//!   each part starts, so that search.js knows which part holds the words
//!   a result was found by. First parts of documents that follow each
//!   other share a file `<d>.js` (named after the first of them) up to
//!   about `SHARED_BYTES` of Markdown: `index.js` lists where each such
//!   file begins; a further part `k` of document `d` is the file
//!   `<d>-<k>.js`. The results shown load their first parts, then, for
//!   each, the part that holds most of the query words: a snippet quotes
//!   and marks a word found at the end of a long page too.
//!
//! **Ranking** (search.js): every query word must be found; a document
//! scores, for each query word, its best field's weight (title 8, heading
//! 3, text 1) times how closely the word matched (its form or stem 1, a
//! beginning less, more so when short) times the stem's rarity (idf) and
//! its number of occurrences (log); query words found next to each other,
//! in order, add most, then less as they stand further apart (positions
//! skip a few between paragraphs).
//!
//! **Size and time** (`init --demo 1000`: 9,159 documents, each a short
//! text): 3.3 MB in 1,390 files — `index.js` 2 KB, 46 shards of 10 KB on
//! average (30 KB the largest), 1,343 text files of 2.1 KB. A first query
//! loads `index.js`, one shard per word and the texts of the ten results
//! shown, 20 to 50 KB, and shows them some 30 to 100 ms after it is typed
//! from `file://` (a few milliseconds of it searching). Making the index
//! takes some 60 ms on two cores, most of it reading and stemming the
//! words (each word is stemmed once per thread: see `SEEN`).
//!
//! How many files is known before anything is made (see [`files`]): the
//! number of shards depends on the number of documents and the length of
//! their Markdown, the text files on the lengths of each, so `check`
//! knows every path a build writes. The index reads the text of entries:
//! its job is in `Scope::Search`, keyed as `Scope::All`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};

use super::pages::page_dir;
use super::{Renderer, text};
use crate::i18n::Lang;
use crate::model::{Site, Visibility};
use crate::output::{Content, OutputFile};
use crate::tr;

/// The index's entry point: the one file the search page names.
pub const INDEX: &str = "search/index.js";
/// A document's text is cut into one part per this many bytes of its
/// Markdown (see `Layout::parts`): the results shown load the first part of
/// each, and at most one more, a few kilobytes.
pub const PART_BYTES: usize = 4096;
/// Documents' text files per folder of `search/text/`: a folder on a USB
/// stick (FAT32) holds at most 65,534 names.
const TEXTS_PER_FOLDER: usize = 1000;
/// About how many bytes of Markdown the first parts of documents that
/// follow each other share a file with (see `Layout::heads`): ten results
/// load 20 KB at most, and a site of short texts has a file per ten or
/// so of them rather than one per text.
const SHARED_BYTES: usize = 2048;
/// What a document's title, address, kind and context weigh in a text
/// file, about, beside its text (see `Layout::heads`).
const HEAD_BYTES: usize = 160;
/// About how many documents' postings a shard holds: at 1,000 apprentices
/// (9,000 documents, 46 shards) a shard is 10 KB on average, 30 KB at most.
const DOCS_PER_SHARD: usize = 200;
/// About how much Markdown a shard indexes when the documents are long:
/// a handbook's words weigh up to a quarter of its Markdown in the index,
/// so a shard is 30 KB at most there too (360 pages of a GitBook
/// handbook, 1.8 MB: 19 shards of 27 KB, not 2 of 250 KB).
const MARKDOWN_PER_SHARD: usize = 96 * 1024;
/// The most shards an index is cut into.
const MAX_SHARDS: usize = 256;
/// Positions kept per word and document: enough to tell words that stand
/// together, not so many that a long page's common words weigh the index.
pub const POSITIONS: usize = 8;
/// Positions skipped between two paragraphs (or headings, list items):
/// words on either side are not "next to each other".
const BLOCK_GAP: u32 = 3;
/// Documents read at once.
const BATCH: usize = 1000;

/// Accented Latin letters (lowercase) and the letter each folds to; the
/// same two strings are in search.js. Letters of other scripts are kept.
pub const FOLD_FROM: &str =
    "àáâãäåāăąçćĉċčďđðèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĸĺļľŀłñńņňŉŋòóôõöøōŏőŕŗřśŝşšſţťŧùúûüũūŭůűųŵýÿŷźżž";
pub const FOLD_TO: &str =
    "aaaaaaaaacccccdddeeeeeeeeegggghhiiiiiiiiijkklllllnnnnnnooooooooorrrssssstttuuuuuuuuuuwyyyzzz";
/// Letters that fold to two (the same in search.js).
pub const FOLD_WIDE: [(char, &str); 5] = [
    ('æ', "ae"),
    ('œ', "oe"),
    ('ß', "ss"),
    ('ĳ', "ij"),
    ('þ', "th"),
];

/// The words a query or a text leaves out, folded: they are in almost
/// every document and say nothing of its subject.
pub fn stop_words(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => {
            "au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous est sont ont ai"
        }
        Lang::En => {
            "an and are as at be but by for from has have he her his in is it its of on or she that the their them they this to was we were which will with you your"
        }
    }
}

/// The two lists of the folding table, by letter.
fn fold_table() -> &'static BTreeMap<char, &'static str> {
    static TABLE: OnceLock<BTreeMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: BTreeMap<char, &'static str> = FOLD_FROM
            .char_indices()
            .zip(FOLD_TO.char_indices())
            .map(|((_, from), (at, _))| (from, &FOLD_TO[at..at + 1]))
            .collect();
        table.extend(FOLD_WIDE);
        table
    })
}

/// A lowercase word with its accents folded: "écoute" → "ecoute",
/// "œuvre" → "oeuvre". Combining accents are dropped; letters of other
/// scripts are kept as they are.
pub fn fold(lower: &str) -> String {
    if lower.is_ascii() {
        return lower.to_string();
    }
    let table = fold_table();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            c if c.is_ascii() => out.push(c),
            c => match table.get(&c) {
                Some(to) => out.push_str(to),
                None => out.push(c),
            },
        }
    }
    out
}

/// The words of `text` as they are written (letters and digits, combining
/// accents kept within a word), in order, each with where it starts.
fn raw_words(text: &str, mut each: impl FnMut(&str, usize)) {
    let mut start = None;
    for (at, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                each(&text[from..at], from);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        each(&text[from..], from);
    }
}

/// How the site's words are cut, folded and stemmed.
pub struct Analyzer {
    lang: Lang,
    stemmer: Stemmer,
    stop: Vec<&'static str>,
}

impl Analyzer {
    pub fn new(lang: Lang) -> Self {
        let algorithm = match lang {
            Lang::Fr => Algorithm::French,
            Lang::En => Algorithm::English,
        };
        let mut stop: Vec<&'static str> = stop_words(lang).split(' ').collect();
        stop.sort_unstable();
        Analyzer {
            lang,
            stemmer: Stemmer::create(algorithm),
            stop,
        }
    }

    /// A word as written, folded and stemmed ("Soudures" → (soudures,
    /// soudur)); None for a word the index leaves out.
    pub fn word(&self, raw: &str) -> Option<(String, String)> {
        let lower = raw.to_lowercase();
        let form = fold(&lower);
        if form.chars().count() < 2 || self.stop.binary_search(&form.as_str()).is_ok() {
            return None;
        }
        let stem = fold(&self.stemmer.stem(&lower));
        let stem = if stem.chars().count() < 2 {
            form.clone()
        } else {
            stem
        };
        Some((form, stem))
    }

    /// Each word of `text` that the index keeps: its folded form, its
    /// stem and where it starts in `text`. "Pose d'un chauffe-eau" →
    /// (pose, pos, 0), (chauffe, chauf, 9), (eau, eau, 17).
    fn words(&self, text: &str, mut each: impl FnMut(&Word, &Word, usize)) {
        SEEN.with_borrow_mut(|(lang, seen)| {
            if *lang != Some(self.lang) || seen.len() > SEEN_MOST {
                *lang = Some(self.lang);
                seen.clear();
            }
            raw_words(text, |raw, at| {
                if let Some(known) = seen.get(raw) {
                    if let Some((form, stem)) = known {
                        each(form, stem, at);
                    }
                    return;
                }
                let made = self
                    .word(raw)
                    .map(|(form, stem)| (Word::from(form), Word::from(stem)));
                if let Some((form, stem)) = &made {
                    each(form, stem, at);
                }
                seen.insert(raw.to_string(), made);
            });
        });
    }
}

thread_local! {
    /// The words [`Analyzer::words`] already made on this thread, as
    /// written, for one language: a site writes the same few thousand
    /// words again and again, and stemming them was most of the index's
    /// time. A word's stem depends on nothing else, so the words stay
    /// known from one build to the next (`serve`).
    static SEEN: std::cell::RefCell<(Option<Lang>, Seen)> = Default::default();
}

/// The most words [`SEEN`] holds (some 20 MB) before it starts again.
const SEEN_MOST: usize = 200_000;

type Seen = crate::FastMap<String, Option<(Word, Word)>>;

/// A form or a stem, shared by every document that writes it.
type Word = std::sync::Arc<str>;

/// Where a word stands in a document: its best place wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Body = 0,
    Heading = 1,
    Title = 2,
}

/// A part of a document: a title, heading, paragraph or list item.
struct Block {
    field: Field,
    text: String,
    /// Whether the snippet may quote it (the title is shown apart; an
    /// entry's competencies are listed on its page, not quoted).
    quoted: bool,
}

/// One page of the site, as the index holds it.
struct Document {
    title: String,
    url: String,
    /// Index into [`kinds`].
    kind: u8,
    /// A line under the title: an entry's apprentice and date.
    context: String,
    blocks: Vec<Block>,
}

/// What the index keeps of one document's words.
struct Analysed {
    /// Each word kept, by stem, then in the order of the text: stem, form,
    /// field, position.
    words: Vec<(Word, Word, Field, u32)>,
    /// The text snippets are cut from (the blocks it may quote, one per
    /// line), in its parts.
    texts: Vec<String>,
    /// Where its words start (after the title), then where each part
    /// after the first does: the positions of their first words.
    starts: Vec<u32>,
}

/// The pages the index holds, in the order of the site: no unlisted or
/// private apprentice, no draft (even in a preview with drafts).
#[derive(Clone, Copy)]
enum Source {
    Page(usize),
    Competency(usize),
    Mentor(usize),
    Portfolio(usize),
    Entry(usize, usize),
}

fn sources(site: &Site) -> Vec<Source> {
    let mut sources = Vec::new();
    sources.extend(
        (0..site.pages.len())
            .filter(|&i| !site.pages[i].draft)
            .map(Source::Page),
    );
    sources.extend(
        (0..site.competencies.len())
            .filter(|&i| !site.competencies[i].draft)
            .map(Source::Competency),
    );
    sources.extend(
        (0..site.mentors.len())
            .filter(|&i| !site.mentors[i].draft)
            .map(Source::Mentor),
    );
    for (i, apprentice) in site.apprentices.iter().enumerate() {
        if apprentice.visibility != Visibility::Public || apprentice.draft {
            continue;
        }
        sources.push(Source::Portfolio(i));
        sources.extend(
            (0..apprentice.entries.len())
                .filter(|&e| !apprentice.entries[e].draft)
                .map(|e| Source::Entry(i, e)),
        );
    }
    sources
}

/// Which files the index is made of, known from the site before any
/// text is read (see [`files`]): its documents, how many parts each
/// text is cut into, the documents whose first part begins a text file,
/// and how many shards there are.
struct Layout {
    sources: Vec<Source>,
    /// For each document, how many parts its text is cut into: one per
    /// [`PART_BYTES`] of its Markdown.
    parts: Vec<usize>,
    /// The documents whose first part begins a text file, in order. The
    /// first parts of documents that follow each other share a file up to
    /// about [`SHARED_BYTES`] of Markdown (and [`HEAD_BYTES`] for each
    /// document's title, address and the rest), so that a site of many
    /// short texts (log entries) is not a file per document, and a result
    /// still loads no more than its own part and a couple of kilobytes. A
    /// document's further parts have a file each. A file never holds
    /// documents of two folders.
    heads: Vec<usize>,
    /// One shard per [`DOCS_PER_SHARD`] documents, or per
    /// [`MARKDOWN_PER_SHARD`] of their Markdown when they are long.
    shards: usize,
}

impl Layout {
    fn of(site: &Site) -> Layout {
        let sources = sources(site);
        // The Markdown each text is read from (the text is shorter: no
        // links' addresses, no markup).
        let markdown: Vec<usize> = (sources.iter())
            .map(|&source| match source {
                Source::Page(i) => site.pages[i].body.len(),
                Source::Competency(i) => site.competencies[i].body.len(),
                Source::Mentor(i) => site.mentors[i].body.len(),
                Source::Portfolio(i) => site.apprentices[i].body.len(),
                Source::Entry(i, e) => site.apprentices[i].entries[e].body.len(),
            })
            .collect();
        let mut heads = Vec::new();
        let mut weight = 0;
        for (d, &length) in markdown.iter().enumerate() {
            let first = HEAD_BYTES + length.min(PART_BYTES);
            if heads.is_empty() || d % TEXTS_PER_FOLDER == 0 || weight + first > SHARED_BYTES {
                heads.push(d);
                weight = 0;
            }
            weight += first;
        }
        let shards = (sources.len().div_ceil(DOCS_PER_SHARD))
            .max(markdown.iter().sum::<usize>().div_ceil(MARKDOWN_PER_SHARD))
            .clamp(1, MAX_SHARDS);
        Layout {
            parts: markdown
                .iter()
                .map(|length| 1 + length / PART_BYTES)
                .collect(),
            sources,
            heads,
            shards,
        }
    }

    /// The documents' text files, in order: for each document, the file
    /// its first part begins if it does, then its further parts.
    fn text_files(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut next = self.heads.iter().peekable();
        (0..self.sources.len()).flat_map(move |d| {
            let head = next.next_if_eq(&&d).map(|_| 0);
            head.into_iter()
                .chain(1..self.parts[d])
                .map(move |k| (d, k))
        })
    }
}

/// The file of part `k` of document `d`'s text: for `k` = 0, the file
/// the first parts of documents from `d` on begin (see [`Layout::heads`]).
fn text_file(d: usize, k: usize) -> String {
    let folder = d / TEXTS_PER_FOLDER;
    match k {
        0 => format!("search/text/{folder}/{d}.js"),
        _ => format!("search/text/{folder}/{d}-{k}.js"),
    }
}

/// Every file the index of `site` is made of, in the order they are made:
/// `index.js`, then the shards, then the documents' texts. Known before
/// they are made, for `check` (see the module's documentation).
pub fn files(site: &Site) -> Vec<String> {
    let layout = Layout::of(site);
    let mut files = vec![INDEX.to_string()];
    files.extend((0..layout.shards).map(|k| format!("search/shard-{k}.js")));
    files.extend(layout.text_files().map(|(d, k)| text_file(d, k)));
    files
}

/// The kinds of documents, as the results name them.
fn kinds(lang: Lang) -> [String; 5] {
    [
        tr!(lang, "Guide", "Handbook"),
        tr!(lang, "Compétence", "Competency"),
        tr!(lang, "Mentor", "Mentor"),
        tr!(lang, "Portfolio", "Portfolio"),
        tr!(lang, "Journal", "Log entry"),
    ]
}

/// The blocks of some Markdown: headings apart from the rest, each
/// paragraph, list item or table row on its own (its cells joined by
/// " · "); raw HTML left out, and GitBook's `{% … %}` tags and heading
/// ids `{#…}` with it.
fn markdown_blocks(markdown: &str, blocks: &mut Vec<Block>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        // Quoted as the page shows it (’ “ ” …): the words are the same,
        // cut at any of these as at ' " and ...
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut text = String::new();
    let mut field = Field::Body;
    let flush = |text: &mut String, field: Field, blocks: &mut Vec<Block>| {
        let clean = without_tags(text);
        let clean = squash(clean.trim_end_matches([' ', '·']));
        if !clean.is_empty() {
            blocks.push(Block {
                field,
                text: clean,
                quoted: true,
            });
        }
        text.clear();
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut text, field, blocks);
                field = Field::Heading;
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut text, field, blocks);
                field = Field::Body;
            }
            Event::End(TagEnd::TableCell) => text.push_str(" · "),
            Event::Start(tag) if is_block(&tag) => flush(&mut text, field, blocks),
            Event::End(tag) if is_block_end(tag) => flush(&mut text, field, blocks),
            _ => {}
        }
    }
    flush(&mut text, field, blocks);
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::TableCell
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::TableCell
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// `text` without GitBook's tags (`{% hint style="info" %}`) and heading
/// ids (`{#id}`), which the page does not show.
fn without_tags(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{%") && !text.contains("{#") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['{']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let close = match from.as_bytes().get(1) {
            Some(b'%') => from.find("%}").map(|end| end + 2),
            Some(b'#') => from.find('}').map(|end| end + 1),
            _ => None,
        };
        match close {
            Some(end) => {
                out.push(' ');
                rest = &from[end..];
            }
            None => {
                out.push('{');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// `text` with its spaces folded into single ones, trimmed.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn block(field: Field, text: &str, quoted: bool) -> Block {
    Block {
        field,
        text: squash(text),
        quoted,
    }
}

impl Analysed {
    /// The words of `document`, and its text cut into `parts`.
    fn of(analyzer: &Analyzer, document: &Document, parts: usize) -> Analysed {
        let mut words = Vec::new();
        let mut text = String::new();
        // Where each word of the text starts in it, and its position.
        let mut placed: Vec<(usize, u32)> = Vec::new();
        let mut position = 0u32;
        let mut first = None;
        let title = block(Field::Title, &document.title, false);
        for block in std::iter::once(&title).chain(&document.blocks) {
            if block.field != Field::Title {
                first.get_or_insert(position);
            }
            let base = block.quoted.then(|| {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&block.text);
                text.len() - block.text.len()
            });
            analyzer.words(&block.text, |form, stem, at| {
                words.push((stem.clone(), form.clone(), block.field, position));
                if let Some(base) = base {
                    placed.push((base + at, position));
                }
                position += 1;
            });
            position += BLOCK_GAP;
        }
        // By stem, each stem's words in the order of the text.
        words.sort_by(|a, b| a.0.cmp(&b.0));
        // The parts balance their length, cut at a space (dropped) or
        // between blocks (the line break kept: search.js then knows the
        // part's first block is whole, no "…" before it). Both are ASCII,
        // so at a character's boundary.
        let mut starts = vec![first.unwrap_or(position)];
        let mut ranges = Vec::with_capacity(parts);
        let (mut from, mut cut) = (0, 0);
        for k in 1..parts {
            let target = (k * text.len() / parts).max(cut + 1);
            cut = text
                .as_bytes()
                .get(target..)
                .and_then(|rest| rest.iter().position(|&b| b == b' ' || b == b'\n'))
                .map_or(text.len(), |at| target + at);
            ranges.push(from..cut);
            from = match text.as_bytes().get(cut) {
                Some(b'\n') => cut,
                _ => (cut + 1).min(text.len()),
            };
            let next = placed.partition_point(|&(at, _)| at < from);
            starts.push(placed.get(next).map_or(position, |&(_, p)| p));
        }
        ranges.push(from..text.len());
        let texts = (ranges.into_iter())
            .map(|range| text.get(range).unwrap_or_default().to_string())
            .collect();
        Analysed {
            words,
            texts,
            starts,
        }
    }
}

/// Base-64 digits of the postings: five bits each, the sixth saying that
/// more digits follow (lowest first). Safe in a JSON string as they are.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn vlq(out: &mut String, mut n: u32) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[digit] as char);
            return;
        }
        out.push(DIGITS[digit | 32] as char);
    }
}

/// One stem of the index: its forms and its postings, written as the
/// documents come, in their order.
#[derive(Default)]
struct Stem {
    forms: Vec<Word>,
    /// For each document: its number less the last one's, the count of
    /// positions times four plus the field, then the positions, each less
    /// the one before.
    postings: String,
    last: u32,
}

impl Stem {
    /// A document's words of this stem, in the order of its text.
    fn add(&mut self, doc: u32, words: &[(Word, Word, Field, u32)]) {
        for (_, form, _, _) in words {
            if let Err(at) = self.forms.binary_search(form) {
                self.forms.insert(at, form.clone());
            }
        }
        vlq(&mut self.postings, doc - self.last);
        self.last = doc;
        let field = words.iter().map(|w| w.2).max().unwrap_or(Field::Body) as u32;
        let kept = words.len().min(POSITIONS);
        vlq(&mut self.postings, (kept as u32) * 4 + field);
        let mut before = 0;
        for &(_, _, _, p) in &words[..kept] {
            vlq(&mut self.postings, p - before);
            before = p;
        }
    }

    /// `"forms|postings"`, the forms space-separated.
    fn encode(&self) -> String {
        format!("{}|{}", self.forms.join(" "), self.postings)
    }
}

/// Increasing numbers, delta-coded, each in base-64 digits ([`vlq`]).
fn numbers(list: &[usize]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for &n in list {
        vlq(&mut out, (n - last) as u32);
        last = n;
    }
    out
}

/// The first three letters of a stem: the unit shards are made of.
fn group(stem: &str) -> &str {
    match stem.char_indices().nth(3) {
        Some((at, _)) => &stem[..at],
        None => stem,
    }
}

/// A value as JSON, `<` escaped so that no `</script>` can close anything.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

fn bytes(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        content: Content::Bytes(text.into_bytes()),
    }
}

impl Renderer<'_> {
    /// The files of the search index (see the module's documentation), in
    /// the order of [`files`].
    pub(super) fn search_index_files(&self) -> Vec<OutputFile> {
        let lang = self.lang;
        let layout = Layout::of(self.site);
        let analyzer = Analyzer::new(lang);
        let mut stems: crate::FastMap<Word, Stem> = crate::FastMap::default();
        let mut files: Vec<OutputFile> = Vec::new();
        // The text file the last first part went into.
        let mut shared = None;
        // A batch of documents read and their words stemmed, in parallel,
        // then added to the index in their order and dropped: the index
        // holds no more than its output and one batch.
        for (b, batch) in layout.sources.chunks(BATCH).enumerate() {
            let first = b * BATCH;
            let documents: Vec<(String, Vec<OutputFile>, Analysed)> = batch
                .par_iter()
                .enumerate()
                .map(|(i, &source)| {
                    let d = first + i;
                    let document = self.document(source);
                    let analysed = Analysed::of(&analyzer, &document, layout.parts[d]);
                    let head = (
                        &document.title,
                        &document.url,
                        document.kind,
                        &document.context,
                        &analysed.starts,
                        &analysed.texts[0],
                    );
                    let head = format!("window.COMPAGNON_SEARCH_TEXT({d},0,{});\n", json(&head));
                    let further: Vec<OutputFile> = (analysed.texts.iter().enumerate().skip(1))
                        .map(|(k, text)| {
                            bytes(
                                text_file(d, k),
                                format!("window.COMPAGNON_SEARCH_TEXT({d},{k},{});\n", json(text)),
                            )
                        })
                        .collect();
                    (head, further, analysed)
                })
                .collect();
            for (i, (head, further, analysed)) in documents.into_iter().enumerate() {
                let d = first + i;
                // The first part in the file it shares (see [`Layout::heads`]).
                if layout.heads.binary_search(&d).is_ok() {
                    shared = Some(files.len());
                    files.push(bytes(text_file(d, 0), String::new()));
                }
                if let Some(Content::Bytes(text)) = shared.map(|f| &mut files[f].content) {
                    text.extend_from_slice(head.as_bytes());
                }
                files.extend(further);
                let doc = d as u32;
                for same in analysed.words.chunk_by(|a, b| a.0 == b.0) {
                    stems.entry(same[0].0.clone()).or_default().add(doc, same);
                }
            }
        }

        // Shards: whole three-letter groups, cut where sizes balance.
        let mut encoded: Vec<(&str, String)> = stems
            .par_iter()
            .map(|(stem, entry)| (&**stem, entry.encode()))
            .collect();
        encoded.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let shards = layout.shards;
        let total: usize = encoded.iter().map(|(s, e)| s.len() + e.len() + 6).sum();
        let mut starts: Vec<String> = vec![String::new()];
        let mut parts: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards];
        let mut size = 0;
        let mut last_group = "";
        for (stem, entry) in &encoded {
            let g = group(stem);
            let k = starts.len() - 1;
            if g != last_group && k + 1 < shards && size >= total * (k + 1) / shards {
                starts.push(g.to_string());
            }
            last_group = g;
            size += stem.len() + entry.len() + 6;
            parts[starts.len() - 1].insert(stem, entry);
        }

        // The shards first, then the documents (see [`files`]).
        let texts = std::mem::take(&mut files);
        for (k, part) in parts.iter().enumerate() {
            files.push(bytes(
                format!("search/shard-{k}.js"),
                format!("window.COMPAGNON_SEARCH_SHARD({k},{});\n", json(part)),
            ));
        }
        files.extend(texts);
        // The version the parts are loaded with: a browser that kept
        // yesterday's shards does not mix them with today's index.
        let mut version = crate::output::Digest::default();
        for file in &files {
            if let Content::Bytes(b) = &file.content {
                version.bytes(b);
            }
        }
        let index = serde_json::json!({
            "v": format!("{:08x}", version.finish() as u32),
            "docs": layout.sources.len(),
            "folder": TEXTS_PER_FOLDER,
            "heads": numbers(&layout.heads),
            "shards": starts,
            "stop": stop_words(lang),
            "kinds": kinds(lang),
        });
        files.insert(
            0,
            bytes(
                INDEX.to_string(),
                format!("window.COMPAGNON_SEARCH={};\n", json(&index)),
            ),
        );
        files
    }

    /// What the index holds of one page of the site.
    fn document(&self, source: Source) -> Document {
        let lang = self.lang;
        let site = self.site;
        let mut blocks = Vec::new();
        let (title, dir, kind, context) = match source {
            Source::Page(i) => {
                let page = &site.pages[i];
                if let Some(description) = &page.description {
                    blocks.push(block(Field::Heading, description, true));
                }
                markdown_blocks(&page.body, &mut blocks);
                (&page.title, page_dir(page), 0, String::new())
            }
            Source::Competency(i) => {
                let competency = &site.competencies[i];
                markdown_blocks(&competency.body, &mut blocks);
                for (_, level) in &competency.levels {
                    blocks.push(block(Field::Body, level, true));
                }
                let dir = format!("competencies/{}/", competency.id);
                (&competency.name, dir, 1, String::new())
            }
            Source::Mentor(i) => {
                let mentor = &site.mentors[i];
                if let Some(headline) = &mentor.headline {
                    blocks.push(block(Field::Heading, headline, true));
                }
                for &(c, _) in &self.derived.links.skills[i] {
                    blocks.push(block(Field::Heading, &site.competencies[c].name, false));
                }
                if let Some(location) = &mentor.location {
                    blocks.push(block(Field::Body, location, false));
                }
                markdown_blocks(&mentor.body, &mut blocks);
                let dir = format!("mentors/{}/", mentor.slug);
                (
                    &mentor.name,
                    dir,
                    2,
                    mentor.location.clone().unwrap_or_default(),
                )
            }
            Source::Portfolio(i) => {
                let apprentice = &site.apprentices[i];
                blocks.push(block(Field::Body, &apprentice.cohort.value, false));
                for goal in &apprentice.goals {
                    blocks.push(block(Field::Heading, &goal.title.value, true));
                }
                markdown_blocks(&apprentice.body, &mut blocks);
                let dir = Self::apprentice_dir(apprentice);
                (&apprentice.name, dir, 3, String::new())
            }
            Source::Entry(i, e) => {
                let apprentice = &site.apprentices[i];
                let entry = &apprentice.entries[e];
                // Findable by whose entry it is ("lucas soudure") and by
                // what it evidences, both on the result's context line.
                blocks.push(block(Field::Body, &apprentice.name, false));
                let mut evidenced = Vec::new();
                for (id, _) in entry.competencies.iter() {
                    if let Some(c) = self.derived.links.competency(&id.value) {
                        let name = &site.competencies[c].name;
                        blocks.push(block(Field::Heading, name, false));
                        evidenced.push(text::typography(lang, name));
                    }
                }
                markdown_blocks(&entry.body, &mut blocks);
                if let Some(feedback) = &entry.feedback {
                    blocks.push(block(Field::Body, feedback, true));
                }
                let dir = format!("apprentices/{}/{}/", apprentice.slug, entry.slug);
                let mut context = format!(
                    "{} · {}",
                    text::typography(lang, &apprentice.name),
                    text::date(lang, entry.date.value)
                );
                if !evidenced.is_empty() {
                    context = format!("{context} · {}", evidenced.join(", "));
                }
                return Document {
                    title: text::typography(lang, &entry.title),
                    url: self.urls.page(&dir),
                    kind: 4,
                    context,
                    blocks,
                };
            }
        };
        Document {
            title: text::typography(lang, title),
            url: self.urls.page(&dir),
            kind,
            context,
            blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(blocks: &[&str], parts: usize) -> Vec<String> {
        let document = Document {
            title: "Titre".into(),
            url: String::new(),
            kind: 0,
            context: String::new(),
            blocks: (blocks.iter())
                .map(|&text| block(Field::Body, text, true))
                .collect(),
        };
        Analysed::of(&Analyzer::new(Lang::Fr), &document, parts).texts
    }

    #[test]
    fn a_part_cut_between_blocks_starts_with_its_line_break() {
        // Half of the text is the first block: the cut falls on the break.
        assert_eq!(
            cut(&["soudures", "brasures"], 2),
            ["soudures", "\nbrasures"]
        );
        // Inside a block, at the first space from the middle, dropped.
        assert_eq!(
            cut(&["soudure brasure raccord collecteur"], 2),
            ["soudure brasure raccord", "collecteur"]
        );
    }

    fn words(lang: Lang, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        Analyzer::new(lang).words(text, |form, stem, _| {
            out.push((form.to_string(), stem.to_string()))
        });
        out
    }

    #[test]
    fn the_folding_table_pairs_each_letter_with_one() {
        assert_eq!(FOLD_FROM.chars().count(), FOLD_TO.chars().count());
        assert!(FOLD_TO.is_ascii());
        assert_eq!(fold("élève œuvre garçon"), "eleve oeuvre garcon");
        assert_eq!(
            fold("où déjà reçu thé naïf âgé ŷ ž"),
            "ou deja recu the naif age y z"
        );
        // Each letter as slugs fold it (deunicode).
        for (from, to) in FOLD_FROM.chars().zip(FOLD_TO.chars()) {
            let slug = crate::slug::slugify(&from.to_string());
            assert!(slug.starts_with(to), "{from} → {to}, slug {slug}");
        }
        for (from, to) in FOLD_WIDE {
            assert_eq!(crate::slug::slugify(&from.to_string()), to);
        }
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    }

    #[test]
    fn compound_words_and_elisions_are_cut_into_their_words() {
        let found = words(Lang::Fr, "Pose d’un chauffe-eau");
        let forms: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(forms, ["pose", "chauffe", "eau"]);
        // A plural and its singular share a stem.
        assert_eq!(
            words(Lang::Fr, "soudures")[0].1,
            words(Lang::Fr, "soudure")[0].1
        );
        assert_eq!(
            words(Lang::En, "apprentices")[0].1,
            words(Lang::En, "apprentice")[0].1
        );
    }

    #[test]
    fn numbers_are_written_in_few_digits() {
        let mut out = String::new();
        for n in [0, 31, 32, 1023, 1024] {
            vlq(&mut out, n);
        }
        assert_eq!(out, "AfgB_fggB");
    }

    #[test]
    fn gitbook_tags_and_heading_ids_are_left_out() {
        let mut blocks = Vec::new();
        markdown_blocks(
            "## Sécurité {#securite}\n\n{% hint style=\"info\" %}\nCoupez le courant.\n{% endhint %}\n",
            &mut blocks,
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Sécurité", "Coupez le courant."]);
        assert_eq!(blocks[0].field, Field::Heading);
        // A table: a block per row, its cells joined.
        let mut blocks = Vec::new();
        markdown_blocks(
            "| Format | Rythme |\n|---|---|\n| Un à un | chaque semaine |\n",
            &mut blocks,
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Format · Rythme", "Un à un · chaque semaine"]);
    }
}
