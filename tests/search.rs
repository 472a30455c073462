//! Search finds what people type: every public text in full (a word at the
//! end of a long handbook page, in a log entry's body), stemmed and folded
//! (a plural finds its singular, "chauffe-eau" its two words side by
//! side), never a word of an unlisted or private apprentice; the search
//! page loads light, and two builds write the same index. The index is read
//! here as search.js reads it (see src/render/search.rs).

use std::collections::BTreeMap;
use std::path::Path;

use compagnon::i18n::Lang;
use compagnon::model::{Site, Visibility};
use compagnon::render::RenderOptions;
use compagnon::render::search::{self, Analyzer};
use jiff::civil::date;
use serde_json::Value;

fn options() -> compagnon::Options {
    compagnon::Options {
        today: Some(date(2026, 11, 20)),
        drafts: false,
    }
}

/// A site's files, built in memory.
fn build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    compagnon::render_site(root, &options(), &RenderOptions::default())
        .1
        .unwrap_or_else(|| panic!("{} builds", root.display()))
}

fn example() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: std::sync::OnceLock<BTreeMap<String, Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| build(Path::new("example-site")))
}

fn model(root: &Path) -> Site {
    compagnon::check_site(root, None)
        .site
        .expect("the site loads")
}

/// A stem's posting: the document, its best field (0 text, 1 heading, 2
/// title), the positions of its first occurrences.
type Posting = (usize, u32, Vec<u32>);

/// The search index of a build, as search.js reads it.
struct Index {
    meta: Value,
    shards: Vec<serde_json::Map<String, Value>>,
    /// Each document: [title, url, kind, context, where its words and
    /// parts start, its first part's text].
    docs: Vec<Value>,
    /// Each document's text, part by part.
    texts: Vec<Vec<String>>,
}

/// The JSON a script of the index hands over: `name={...};` or
/// `name(k,{...});`, `name(d,k,[...]);`.
fn script_json(bytes: &[u8], name: &str) -> Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let json = if let Some(rest) = text.strip_prefix(&format!("{name}=")) {
        rest.strip_suffix(";\n")
    } else {
        text.strip_prefix(&format!("{name}("))
            .and_then(|rest| rest.strip_suffix(");\n"))
            .map(|mut rest| {
                // The numbers before the data.
                while let Some((number, after)) = rest.split_once(',') {
                    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                        break;
                    }
                    rest = after;
                }
                rest
            })
    };
    let json = json.unwrap_or_else(|| panic!("not a call of {name}: {text:.80}"));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The index's digits: base 64, five bits of a number each, the sixth
/// saying "more".
const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The numbers a string of the index's digits holds, in order.
fn digits_numbers(text: &str) -> impl Iterator<Item = u32> + '_ {
    let mut digits = text
        .bytes()
        .map(|b| DIGITS.bytes().position(|d| d == b).unwrap() as u32);
    std::iter::from_fn(move || {
        let (mut n, mut shift) = (0, 0);
        loop {
            let v = digits.next()?;
            n |= (v & 31) << shift;
            shift += 5;
            if v & 32 == 0 {
                return Some(n);
            }
        }
    })
}

/// Increasing numbers as the index writes them: delta-coded.
fn numbers(text: &str) -> Vec<usize> {
    digits_numbers(text)
        .scan(0, |n, delta| {
            *n += delta as usize;
            Some(*n)
        })
        .collect()
}

impl Index {
    fn of(files: &BTreeMap<String, Vec<u8>>) -> Index {
        let meta = script_json(&files["search/index.js"], "window.COMPAGNON_SEARCH");
        let mut shards = Vec::new();
        while let Some(bytes) = files.get(&format!("search/shard-{}.js", shards.len())) {
            match script_json(bytes, "window.COMPAGNON_SEARCH_SHARD") {
                Value::Object(map) => shards.push(map),
                other => panic!("a shard is an object: {other}"),
            }
        }
        let folder = meta["folder"].as_u64().unwrap() as usize;
        let read = |name: &str| -> Vec<Value> {
            let bytes = files.get(name).unwrap_or_else(|| panic!("no {name}"));
            std::str::from_utf8(bytes)
                .unwrap()
                .split_inclusive('\n')
                .map(|call| script_json(call.as_bytes(), "window.COMPAGNON_SEARCH_TEXT"))
                .collect()
        };
        // The first parts of documents, in the files the heads begin.
        let heads = numbers(meta["heads"].as_str().unwrap());
        let mut docs: Vec<Value> = Vec::new();
        for &d in &heads {
            assert_eq!(docs.len(), d, "document {d} begins a file in order");
            docs.extend(read(&format!("search/text/{}/{d}.js", d / folder)));
        }
        assert_eq!(docs.len(), meta["docs"].as_u64().unwrap() as usize);
        let texts = (docs.iter().enumerate())
            .map(|(d, head)| {
                let parts = head[4].as_array().unwrap().len();
                let mut text = vec![head[5].as_str().unwrap().to_string()];
                text.extend((1..parts).map(|k| {
                    let part = read(&format!("search/text/{}/{d}-{k}.js", d / folder));
                    assert_eq!(part.len(), 1, "part {k} of document {d} has a file");
                    part[0].as_str().unwrap().to_string()
                }));
                text
            })
            .collect();
        Index {
            meta,
            shards,
            docs,
            texts,
        }
    }

    /// The shard of a stem: the last whose first group is not after the
    /// stem's first three letters.
    fn shard(&self, stem: &str) -> &serde_json::Map<String, Value> {
        let group: String = stem.chars().take(3).collect();
        let starts = self.meta["shards"].as_array().unwrap();
        let k = starts
            .iter()
            .rposition(|s| s.as_str().unwrap() <= group.as_str())
            .unwrap();
        &self.shards[k]
    }

    /// A stem's forms and its postings: (document, field, positions).
    fn stem(&self, stem: &str) -> Option<(Vec<String>, Vec<Posting>)> {
        let entry = self.shard(stem).get(stem)?.as_str()?;
        let (forms, postings) = entry.split_once('|')?;
        Some((
            forms.split(' ').map(String::from).collect(),
            decode(postings),
        ))
    }

    fn url(&self, doc: usize) -> &str {
        self.docs[doc][1].as_str().unwrap()
    }

    /// The document at an address.
    fn doc(&self, url: &str) -> usize {
        (0..self.docs.len())
            .find(|&d| self.url(d) == url)
            .unwrap_or_else(|| panic!("{url} is not indexed"))
    }

    /// The part of a document's text that quotes a word as written, the
    /// first when several do.
    fn quoting(&self, doc: usize, word: &str) -> Option<usize> {
        self.texts[doc].iter().position(|text| {
            text.split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
        })
    }

    /// The addresses of the documents that hold a word as written.
    fn find(&self, lang: Lang, word: &str) -> Vec<&str> {
        let (_, stem) = Analyzer::new(lang)
            .word(word)
            .unwrap_or_else(|| panic!("{word} is a word the index keeps"));
        self.stem(&stem)
            .map(|(_, postings)| postings.iter().map(|p| self.url(p.0)).collect())
            .unwrap_or_default()
    }
}

/// The postings' base-64 digits, as search.js decodes them.
fn decode(text: &str) -> Vec<Posting> {
    let mut numbers = digits_numbers(text);
    let mut postings = Vec::new();
    let mut doc = 0;
    while let Some(delta) = numbers.next() {
        doc += delta as usize;
        let x = numbers.next().unwrap();
        let mut positions = Vec::new();
        let mut p = 0;
        for _ in 0..x / 4 {
            p += numbers.next().unwrap();
            positions.push(p);
        }
        postings.push((doc, x % 4, positions));
    }
    postings
}

/// The text of a Markdown file after its front matter.
fn body(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    for fence in ["+++", "---"] {
        if let Some(rest) = text.strip_prefix(fence)
            && let Some((_, body)) = rest.split_once(&format!("\n{fence}"))
        {
            return body.to_string();
        }
    }
    text
}

/// The longest word of a paragraph of Markdown, link targets left out.
fn longest_word(paragraph: &str) -> String {
    let mut text = String::new();
    let mut rest = paragraph;
    while let Some(at) = rest.find("](") {
        text.push_str(&rest[..at]);
        rest = rest[at..].split_once(')').map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    text.split(|c: char| !c.is_alphabetic())
        .max_by_key(|w| (w.chars().count(), w.to_string()))
        .unwrap()
        .to_string()
}

/// The last paragraph of prose of some Markdown.
fn last_paragraph(markdown: &str) -> &str {
    markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.chars().next().is_some_and(char::is_alphabetic))
        .last()
        .unwrap()
}

#[test]
fn a_word_from_the_end_of_the_longest_handbook_page_is_found() {
    let mut pages: Vec<(usize, std::path::PathBuf)> =
        walkdir::WalkDir::new("example-site/programme")
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| (body(e.path()).len(), e.path().to_path_buf()))
            .collect();
    pages.sort();
    let (_, longest) = pages.last().unwrap();
    let markdown = body(longest);
    let word = longest_word(last_paragraph(&markdown));
    // Far beyond the 40 words per page the index used to keep.
    assert!(
        markdown.split_whitespace().count() > 300,
        "{}",
        longest.display()
    );
    let rel = longest
        .strip_prefix("example-site")
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let url = match rel.strip_suffix("/_index.md") {
        Some(dir) => format!("{dir}/"),
        None => format!("{}/", rel.trim_end_matches(".md")),
    };
    let index = Index::of(example());
    let found = index.find(Lang::Fr, &word);
    assert!(
        found.contains(&url.as_str()),
        "{word:?} ({url}) found in {found:?}"
    );
    // Its snippet can quote it: it is in the last part of the page's
    // text, which the browser loads for this word alone.
    let doc = index.doc(&url);
    let parts = index.texts[doc].len();
    assert!(parts >= 2, "{url} is in {parts} part");
    assert_eq!(index.quoting(doc, &word), Some(parts - 1), "{word:?}");
}

#[test]
fn a_word_from_a_log_entry_s_body_and_its_feedback_are_found() {
    let site = model(Path::new("example-site"));
    let lucas = site
        .apprentices
        .iter()
        .find(|a| a.slug == "lucas-martin")
        .unwrap();
    assert_eq!(lucas.visibility, Visibility::Public);
    let entry = lucas.entries.iter().max_by_key(|e| e.body.len()).unwrap();
    let url = format!("apprentices/lucas-martin/{}/", entry.slug);
    let index = Index::of(example());
    let word = longest_word(last_paragraph(&entry.body));
    let found = index.find(Lang::Fr, &word);
    assert!(
        found.contains(&url.as_str()),
        "{word:?} ({url}) found in {found:?}"
    );
    assert!(index.quoting(index.doc(&url), &word).is_some(), "{word:?}");
    // Its context line says whose, when, and what it evidences: why a
    // competency's name finds it.
    let context = index.docs[index.doc(&url)][3].as_str().unwrap();
    assert!(context.starts_with("Lucas Martin · "), "{context}");
    for (id, _) in entry.competencies.iter() {
        let competency = site.competencies.iter().find(|c| c.id == id.value);
        let name = competency.unwrap().name.replace('\'', "’");
        assert!(context.contains(&name), "{name:?} not in {context:?}");
    }
    let with_feedback = lucas.entries.iter().find(|e| e.feedback.is_some()).unwrap();
    let word = longest_word(with_feedback.feedback.as_deref().unwrap());
    let url = format!("apprentices/lucas-martin/{}/", with_feedback.slug);
    let found = index.find(Lang::Fr, &word);
    assert!(
        found.contains(&url.as_str()),
        "{word:?} ({url}) found in {found:?}"
    );
    assert!(index.quoting(index.doc(&url), &word).is_some(), "{word:?}");
}

/// The browser picks the part of a text to quote by the positions the
/// postings give: each word of a part must have a position inside the
/// part's range (unless the postings, which keep a word's first
/// positions only, were full before it).
fn assert_parts_start_where_their_words_stand(index: &Index, lang: Lang) -> usize {
    let analyzer = Analyzer::new(lang);
    let mut checked = 0;
    for (doc, texts) in index.texts.iter().enumerate() {
        let at: Vec<u32> = index.docs[doc][4]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(at.len(), texts.len(), "{}", index.url(doc));
        assert!(at.is_sorted(), "{}: {at:?}", index.url(doc));
        for (k, text) in texts.iter().enumerate() {
            let (lo, hi) = (at[k], at.get(k + 1).copied().unwrap_or(u32::MAX));
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                let Some((_, stem)) = analyzer.word(word) else {
                    continue;
                };
                let (_, postings) = index.stem(&stem).unwrap();
                let positions = &postings.iter().find(|p| p.0 == doc).unwrap().2;
                let inside = positions.iter().any(|&p| lo <= p && p < hi);
                let full = positions.len() == search::POSITIONS
                    && positions.last().is_some_and(|&p| p < lo);
                assert!(
                    inside || full,
                    "{} part {k} [{lo}, {hi}): {word:?} at {positions:?}",
                    index.url(doc)
                );
                checked += 1;
            }
        }
    }
    checked
}

/// A new French site, as `init` makes it, in a folder dropped with the
/// guard.
fn starter() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    compagnon::scaffold::init(&root, Lang::Fr, date(2026, 9, 1)).unwrap();
    (dir, root)
}

#[test]
fn a_text_typed_with_straight_quotes_is_quoted_as_its_page_shows_it() {
    let (_dir, root) = starter();
    std::fs::write(
        root.join("programme/accueil-apprenti.md"),
        "+++\ntitle = \"Accueil\"\n+++\nL'apprenti dit \"bonjour\"... puis s'installe.\n",
    )
    .unwrap();
    let files = build(&root);
    let index = Index::of(&files);
    let doc = index.doc("programme/accueil-apprenti/");
    assert_eq!(
        index.texts[doc].join("\n"),
        "L’apprenti dit “bonjour”… puis s’installe."
    );
    let page = String::from_utf8_lossy(&files["programme/accueil-apprenti/index.html"]);
    assert!(page.contains("L’apprenti dit “bonjour”… puis s’installe."));
    for word in ["apprenti", "installe"] {
        assert!(
            index
                .find(Lang::Fr, word)
                .contains(&"programme/accueil-apprenti/"),
            "{word}"
        );
    }
}

#[test]
fn a_handbook_of_long_pages_is_cut_into_small_shards() {
    // Few documents, much text: 40 pages of 30 KB.
    let (_dir, root) = starter();
    // The example's handbook, its paragraphs mixed differently on each
    // page: real French, 30 KB a page.
    let mut paragraphs: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new("example-site/programme").sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            let body = text.rsplit("+++").next().unwrap_or_default();
            paragraphs.extend(body.split("\n\n").map(str::to_string));
        }
    }
    let mut words = Vec::new();
    for p in 0..40 {
        let mut page = format!("+++\ntitle = \"Chapitre {p}\"\n+++\n");
        let mut i = p;
        while page.len() < 30_000 {
            i = (i * 7 + p + 1) % paragraphs.len();
            page.push_str(&paragraphs[i]);
            page.push_str("\n\n");
        }
        // A word of this page only.
        words.push(format!("chapitrage{p}"));
        page.push_str(&format!("Le chapitrage{p}.\n"));
        std::fs::write(root.join(format!("programme/chapitre-{p}.md")), &page).unwrap();
    }
    let files = build(&root);
    let shards: Vec<usize> = (files.iter())
        .filter(|(p, _)| p.starts_with("search/shard-"))
        .map(|(_, b)| b.len())
        .collect();
    assert!(shards.len() > 5, "{shards:?}");
    assert!(shards.iter().all(|&size| size < 40 * 1024), "{shards:?}");
    // Every word still found, in its shard.
    let index = Index::of(&files);
    for word in &words {
        let (_, stem) = Analyzer::new(Lang::Fr).word(word).unwrap();
        assert!(index.stem(&stem).is_some(), "{word}");
    }
}

#[test]
fn each_part_of_a_text_holds_the_words_its_positions_say() {
    let checked = assert_parts_start_where_their_words_stand(&Index::of(example()), Lang::Fr);
    assert!(checked > 10_000, "{checked}");
    // A long page: paragraphs, a list, and a paragraph longer than a part.
    let (_dir, root) = starter();
    let words = [
        "chantier",
        "raccord",
        "étanchéité",
        "brasure",
        "évacuation",
        "siphon",
        "compteur",
        "nourrice",
        "collecteur",
        "mitigeur",
    ];
    let mut page = String::from("+++\ntitle = \"Un long guide\"\n+++\n");
    for n in 0..120 {
        page.push_str(&format!("\n## Étape {n}\n\n"));
        for m in 0..(12 + n % 7) {
            page.push_str(&format!(
                "Le {} numéro{n}x{m} ",
                words[(n + m) % words.len()]
            ));
        }
        page.push_str("\n\n- un point\n- un autre point d’appui\n");
    }
    page.push('\n');
    for m in 0..900 {
        page.push_str(&format!("mot{m} {} ", words[m % words.len()]));
    }
    page.push('\n');
    std::fs::write(root.join("programme/long-guide.md"), &page).unwrap();
    let index = Index::of(&build(&root));
    let doc = index.doc("programme/long-guide/");
    assert_eq!(index.texts[doc].len(), 1 + page.len() / search::PART_BYTES);
    assert!(index.texts[doc].len() >= 6);
    // Every word is quoted once, in order.
    let all = index.texts[doc].join(" ");
    let numbered: Vec<&str> = all
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.starts_with("numéro") || w.starts_with("mot"))
        .collect();
    assert_eq!(numbered.len(), 120 * 15 + 900 - 3, "{:?}", &numbered[..10]);
    assert!(numbered.last() == Some(&"mot899"));
    assert_parts_start_where_their_words_stand(&index, Lang::Fr);
}

#[test]
fn a_plural_finds_its_singular_and_a_compound_word_its_parts_side_by_side() {
    let index = Index::of(example());
    let analyzer = Analyzer::new(Lang::Fr);
    // "soudures" is stemmed as "soudure" is: the pages that write
    // "soudure" are found by both.
    assert_eq!(
        analyzer.word("soudures").unwrap().1,
        analyzer.word("soudure").unwrap().1
    );
    let (forms, postings) = index.stem(&analyzer.word("soudures").unwrap().1).unwrap();
    assert!(forms.contains(&"soudure".to_string()), "{forms:?}");
    assert!(!postings.is_empty());

    // "Pose d’un chauffe-eau électrique de 200 litres": its title holds
    // "chauffe" then "eau", next to each other, for a query written
    // "chauffe-eau" or "chauffe eau".
    let chauffe = index.stem(&analyzer.word("chauffe").unwrap().1).unwrap().1;
    let eau = index.stem(&analyzer.word("eau").unwrap().1).unwrap().1;
    let doc = (0..index.docs.len())
        .find(|&d| {
            index.docs[d][0]
                .as_str()
                .unwrap()
                .starts_with("Pose d’un chauffe-eau")
        })
        .expect("the example has an entry titled “Pose d’un chauffe-eau…”");
    let at = |postings: &[Posting]| {
        postings
            .iter()
            .find(|p| p.0 == doc)
            .map(|p| (p.1, p.2.clone()))
            .unwrap_or_else(|| panic!("document {doc} not found"))
    };
    let (field, chauffe_at) = at(&chauffe);
    let (_, eau_at) = at(&eau);
    assert_eq!(field, 2, "found in the title");
    assert!(
        chauffe_at.iter().any(|p| eau_at.contains(&(p + 1))),
        "chauffe at {chauffe_at:?}, eau at {eau_at:?}"
    );
    // "d’un" is "d" and "un": neither is kept.
    assert!(analyzer.word("d").is_none() && analyzer.word("un").is_none());
}

/// The folded words of a text.
fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| search::fold(&w.to_lowercase()))
        .collect()
}

/// No search file holds an unlisted or private apprentice: not their
/// folder, not their slug, not a word of their name, entries or goals that
/// no public source also writes.
fn assert_hides_who_is_not_public(root: &Path, files: &BTreeMap<String, Vec<u8>>) {
    let site = model(root);
    let index = Index::of(files);
    let search: Vec<(&String, String)> = files
        .iter()
        .filter(|(path, _)| path.starts_with("search/") && path.ends_with(".js"))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(bytes).to_lowercase()))
        .collect();
    // Every file of the site but the folders of those who are not public.
    let hidden_folders: Vec<std::path::PathBuf> = site
        .apprentices
        .iter()
        .filter(|a| a.visibility != Visibility::Public)
        .map(|a| root.join("apprentices").join(&a.slug))
        .collect();
    let public_text: String = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| {
            e.file_type().is_file() && !hidden_folders.iter().any(|h| e.path().starts_with(h))
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ");
    let public: std::collections::BTreeSet<String> =
        folded_words(&public_text).into_iter().collect();
    // A word of theirs may share its stem with a public word ("espagnol",
    // "espagnoles"): the stem is in the index, rightly.
    let analyzer = Analyzer::new(site.config.language);
    let stem = |w: &str| analyzer.word(w).map(|(_, stem)| stem);
    let public_stems: std::collections::BTreeSet<String> =
        public.iter().filter_map(|w| stem(w)).collect();
    let forms: std::collections::BTreeSet<&str> = index
        .shards
        .iter()
        .flat_map(|shard| shard.values())
        .flat_map(|v| v.as_str().unwrap().split('|').next().unwrap().split(' '))
        .collect();
    let mut hidden = 0;
    let mut checked = 0;
    for apprentice in site
        .apprentices
        .iter()
        .filter(|a| a.visibility != Visibility::Public)
    {
        hidden += 1;
        let folder = format!("apprentices/{}/", apprentice.slug);
        for doc in &index.docs {
            assert!(!doc[1].as_str().unwrap().starts_with(&folder), "{doc}");
        }
        for (path, text) in &search {
            assert!(
                !text.contains(&apprentice.slug),
                "{path} names {}",
                apprentice.slug
            );
        }
        let mut own = format!("{} ", apprentice.name);
        for goal in &apprentice.goals {
            own.push_str(&goal.title.value);
            own.push(' ');
        }
        for entry in &apprentice.entries {
            own.push_str(&format!(
                "{} {} {} ",
                entry.title,
                entry.body,
                entry.feedback.as_deref().unwrap_or("")
            ));
        }
        let own: Vec<String> = folded_words(&own)
            .into_iter()
            .filter(|w| w.chars().count() > 3 && !public.contains(w) && !public_stems.contains(w))
            .filter(|w| stem(w).is_none_or(|s| !public_stems.contains(&s)))
            .collect();
        checked += own.len();
        for word in &own {
            assert!(
                !forms.contains(word.as_str()),
                "the index holds {word:?} of {}",
                apprentice.slug
            );
            for (path, text) in &search {
                let text = search::fold(text);
                assert!(
                    !text
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == word),
                    "{path} holds {word:?} of {}",
                    apprentice.slug
                );
            }
        }
    }
    assert!(
        hidden > 0,
        "{} has no unlisted or private apprentice",
        root.display()
    );
    assert!(checked > 10, "{checked} words of their own");
}

#[test]
fn no_unlisted_or_private_apprentice_is_in_any_search_file() {
    assert_hides_who_is_not_public(Path::new("example-site"), example());
}

#[test]
fn the_search_page_and_what_it_loads_before_a_query_weigh_under_60_kb() {
    let files = example();
    let html = String::from_utf8(files["search/index.html"].clone()).unwrap();
    let document = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("script[src], link[rel=stylesheet]").unwrap();
    let mut total = html.len();
    let mut loaded = vec!["search/index.html".to_string()];
    for element in document.select(&selector) {
        let value = element.value();
        let link = value.attr("src").or_else(|| value.attr("href")).unwrap();
        let path = link.split('?').next().unwrap();
        let path = path
            .strip_prefix("../")
            .unwrap_or_else(|| panic!("{link} is relative"));
        total += files[path].len();
        loaded.push(path.to_string());
    }
    // The index's entry point, loaded when the field gets the focus.
    total += files["search/index.js"].len();
    assert!(
        loaded.iter().any(|p| p.ends_with("search.js")),
        "{loaded:?}"
    );
    assert!(total < 60 * 1024, "{total} bytes: {loaded:?}");
}

#[test]
fn two_builds_write_the_same_index_and_the_files_the_plan_names() {
    let again = build(Path::new("example-site"));
    let of = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("search/") && p.ends_with(".js"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let (first, second) = (of(example()), of(&again));
    assert!(first == second, "two builds differ");
    let site = model(Path::new("example-site"));
    let named: Vec<String> = search::files(&site);
    let mut made: Vec<&String> = first.keys().collect();
    let mut expected: Vec<&String> = named.iter().collect();
    made.sort();
    expected.sort();
    assert_eq!(made, expected);
}

#[test]
fn the_browser_folds_words_with_the_same_table() {
    let js = std::fs::read_to_string("themes/default/static/search.js").unwrap();
    assert!(js.contains(&format!("var FOLD_FROM = \"{}\";", search::FOLD_FROM)));
    assert!(js.contains(&format!("var FOLD_TO = \"{}\";", search::FOLD_TO)));
    let wide: Vec<String> = search::FOLD_WIDE
        .iter()
        .map(|(from, to)| format!("\"{from}\": \"{to}\""))
        .collect();
    assert!(
        js.contains(&format!("var FOLD_WIDE = {{ {} }};", wide.join(", "))),
        "{wide:?}"
    );
}

#[test]
fn a_generated_programme_indexes_every_public_entry_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    compagnon::scaffold::init_demo(&root, Lang::Fr, 40, date(2026, 11, 20)).unwrap();
    let files = build(&root);
    assert_hides_who_is_not_public(&root, &files);
    let site = model(&root);
    let index = Index::of(&files);
    let urls: std::collections::BTreeSet<&str> =
        (0..index.docs.len()).map(|d| index.url(d)).collect();
    for apprentice in site
        .apprentices
        .iter()
        .filter(|a| a.visibility == Visibility::Public)
    {
        for entry in &apprentice.entries {
            let url = format!("apprentices/{}/{}/", apprentice.slug, entry.slug);
            assert!(urls.contains(url.as_str()), "{url} is not indexed");
        }
    }
    let mut made: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("search/") && p.ends_with(".js"))
        .collect();
    made.sort();
    let named = search::files(&site);
    let mut expected: Vec<&String> = named.iter().collect();
    expected.sort();
    assert_eq!(made, expected);
    // Short texts share files, a few kilobytes each: a query's ten
    // results load little, and the site is not a file per log entry.
    let texts: Vec<&Vec<u8>> = (files.iter())
        .filter(|(p, _)| p.starts_with("search/text/"))
        .map(|(_, b)| b)
        .collect();
    assert!(
        texts.len() * 5 < index.docs.len(),
        "{} text files for {} documents",
        texts.len(),
        index.docs.len()
    );
    for text in texts {
        let documents = text.iter().filter(|&&b| b == b'\n').count();
        assert!(
            documents == 1 || text.len() < 3 * 1024,
            "{documents} documents in {} bytes",
            text.len()
        );
    }
}

#[test]
fn an_english_site_is_stemmed_in_english() {
    let analyzer = Analyzer::new(Lang::En);
    assert_eq!(
        analyzer.word("Apprentices").unwrap().1,
        analyzer.word("apprentice").unwrap().1
    );
    assert!(analyzer.word("the").is_none());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    compagnon::scaffold::init(&root, Lang::En, date(2026, 9, 1)).unwrap();
    let files = build(&root);
    let index = Index::of(&files);
    assert!(
        index.meta["stop"]
            .as_str()
            .unwrap()
            .split(' ')
            .any(|w| w == "the")
    );
    let site = model(&root);
    let page = &site.pages[0];
    let word = longest_word(&page.title);
    assert!(!index.find(Lang::En, &word).is_empty(), "{word:?}");
}

#[test]
fn a_draft_is_never_indexed_not_even_in_a_preview_with_drafts() {
    let (_dir, root) = starter();
    std::fs::write(
        root.join("apprentices/apprenti-exemple/2026-09-10-brouillon.md"),
        "+++\ntitle = \"Zinguerie inachevée\"\ndate = 2026-09-10\nkind = \"practice\"\nhours = 2\ndraft = true\n+++\nUn texte de xylographie pas encore relu.\n",
    )
    .unwrap();
    let preview = compagnon::Options {
        drafts: true,
        ..options()
    };
    let files = compagnon::render_site(&root, &preview, &RenderOptions::default())
        .1
        .expect("the starter builds");
    assert!(files.contains_key("apprentices/apprenti-exemple/2026-09-10-brouillon/index.html"));
    let index = Index::of(&files);
    for word in ["zinguerie", "xylographie"] {
        assert!(index.find(Lang::Fr, word).is_empty(), "{word}");
    }
    assert!(!index.find(Lang::Fr, "connaissance").is_empty());
}

/// The figures of the issue at 1,000 apprentices: how big the index is,
/// and how long making it takes (`cargo test --release --test search --
/// --ignored --nocapture`).
#[test]
#[ignore]
fn figures_at_a_thousand_apprentices() {
    const FIGURE_RUNS: usize = 5;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("demo");
    compagnon::scaffold::init_demo(&root, Lang::Fr, 1000, date(2026, 11, 20)).unwrap();
    let project = compagnon::open(&root, &options());
    let ready = project.ready.as_ref().unwrap();
    let site = project.site().unwrap();
    let found = compagnon::matching::match_site(site, &ready.derived);
    let renderer = project.renderer(&found, &RenderOptions::default()).unwrap();
    let mut times = Vec::new();
    let mut files = Vec::new();
    for _ in 0..FIGURE_RUNS {
        let start = std::time::Instant::now();
        files = renderer
            .run(compagnon::render::plan::Job::SearchIndex)
            .unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    let size = |f: &compagnon::output::OutputFile| match &f.content {
        compagnon::output::Content::Bytes(b) => b.len(),
        compagnon::output::Content::Copy(_) => 0,
    };
    let total: usize = files.iter().map(size).sum();
    let shards: Vec<usize> = files
        .iter()
        .filter(|f| f.path.contains("shard-"))
        .map(size)
        .collect();
    let text = |first: bool| -> Vec<usize> {
        files
            .iter()
            .filter(|f| f.path.starts_with("search/text/") && f.path.contains('-') != first)
            .map(size)
            .collect()
    };
    let (heads, rest) = (text(true), text(false));
    let mean = |v: &[usize]| v.iter().sum::<usize>() / v.len().max(1);
    println!(
        "{} files, {total} bytes; {} shards: {} bytes, largest {}; {} first parts of texts: mean {} bytes, largest {}; {} further parts: mean {} bytes, largest {}; index.js {} bytes; made in {:?} (median of {FIGURE_RUNS})",
        files.len(),
        shards.len(),
        shards.iter().sum::<usize>(),
        shards.iter().max().unwrap(),
        heads.len(),
        mean(&heads),
        heads.iter().max().unwrap(),
        rest.len(),
        mean(&rest),
        rest.iter().max().copied().unwrap_or(0),
        size(&files[0]),
        times[FIGURE_RUNS / 2]
    );
}
