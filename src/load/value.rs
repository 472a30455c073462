//! A spanned value tree shared by TOML and YAML front matter.
//!
//! Both parsers' outputs are turned into the same [`Node`] tree, where every
//! value and every key knows its byte range in the file. The typed readers
//! (`fields.rs`) then work on one representation and point at the exact value
//! when something is wrong, whichever syntax the author chose.

use std::ops::Range;

use jiff::civil::Date;
use toml::de::{DeTable, DeValue};

/// A value from front matter or site.toml, with where it was written.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Range<usize>,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date or date-time; `date` is None for a time of day alone.
    Datetime {
        date: Option<Date>,
        text: String,
    },
    Array(Vec<Node>),
    Table(Table),
    /// YAML `~` / `null`, or an empty value.
    Null,
    /// An integer too large to hold, a YAML alias… : shown as found, never read.
    Unsupported(String),
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub entries: Vec<(Key, Node)>,
}

#[derive(Clone, Debug)]
pub struct Key {
    pub name: String,
    pub span: Range<usize>,
}

impl Table {
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }
}

/// A parse failure: where and the parser's own words.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// Parses a TOML document; `offset` is where the text starts in its file.
/// Every syntax error of the document is returned, not only the first, with
/// what could be read around them, so the rest of the file is still checked.
pub fn parse_toml(text: &str, offset: usize) -> (Table, Vec<SyntaxError>) {
    let (table, errors) = DeTable::parse_recoverable(text);
    let errors = errors
        .iter()
        .map(|e| SyntaxError {
            span: e
                .span()
                .map_or(offset..offset, |s| s.start + offset..s.end + offset),
            message: e.message().trim().to_string(),
        })
        .collect();
    (toml_table(table.get_ref(), offset), errors)
}

fn toml_table(table: &DeTable<'_>, offset: usize) -> Table {
    Table {
        entries: table
            .iter()
            .map(|(k, v)| {
                let key = Key {
                    name: k.get_ref().to_string(),
                    span: k.span().start + offset..k.span().end + offset,
                };
                let span = v.span();
                (
                    key,
                    toml_node(v.get_ref(), span.start + offset..span.end + offset, offset),
                )
            })
            .collect(),
    }
}

fn toml_node(value: &DeValue<'_>, span: Range<usize>, offset: usize) -> Node {
    let kind = match value {
        DeValue::String(s) => NodeKind::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => NodeKind::Int(n),
            Err(_) => NodeKind::Unsupported(i.as_str().to_string()),
        },
        DeValue::Float(f) => match parse_float(f.as_str()) {
            Some(x) => NodeKind::Float(x),
            None => NodeKind::Unsupported(f.as_str().to_string()),
        },
        DeValue::Boolean(b) => NodeKind::Bool(*b),
        // What the parser recovered from an invalid date: already reported.
        DeValue::Datetime(dt) if dt.date.is_none() && dt.time.is_none() => {
            NodeKind::Unsupported(String::new())
        }
        DeValue::Datetime(dt) => NodeKind::Datetime {
            date: dt
                .date
                .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok()),
            text: dt.to_string(),
        },
        DeValue::Array(items) => NodeKind::Array(
            items
                .iter()
                .map(|item| {
                    let s = item.span();
                    toml_node(item.get_ref(), s.start + offset..s.end + offset, offset)
                })
                .collect(),
        ),
        DeValue::Table(t) => NodeKind::Table(toml_table(t, offset)),
    };
    Node { kind, span }
}

fn parse_float(text: &str) -> Option<f64> {
    let x: f64 = text.replace('_', "").parse().ok()?;
    x.is_finite().then_some(x)
}

/// Parses a YAML document; `offset` is where the text starts in its file.
pub fn parse_yaml(text: &str, offset: usize) -> Result<Table, Vec<SyntaxError>> {
    use saphyr::{LoadableYamlNode, MarkedYaml};
    let chars = CharToByte::new(text);
    let docs = MarkedYaml::load_from_str(text).map_err(|e| {
        let at = chars.byte(e.marker().index()) + offset;
        vec![SyntaxError {
            span: at..at,
            message: e.info().to_string(),
        }]
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Table::default());
    };
    match yaml_node(&doc, &chars, offset).kind {
        NodeKind::Table(table) => Ok(table),
        NodeKind::Null => Ok(Table::default()),
        _ => {
            let span = chars.span(&doc.span, offset);
            Err(vec![SyntaxError {
                span,
                message: "front matter must be a list of `field: value` lines".into(),
            }])
        }
    }
}

fn yaml_node(node: &saphyr::MarkedYaml<'_>, chars: &CharToByte, offset: usize) -> Node {
    use saphyr::{Scalar, YamlData};
    let span = chars.span(&node.span, offset);
    let kind = match &node.data {
        YamlData::Value(Scalar::Null) => NodeKind::Null,
        YamlData::Value(Scalar::Boolean(b)) => NodeKind::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => NodeKind::Int(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => NodeKind::Float(f.into_inner()),
        YamlData::Value(Scalar::String(s)) => NodeKind::Str(s.to_string()),
        YamlData::Representation(s, _, _) => NodeKind::Str(s.to_string()),
        YamlData::Sequence(items) => {
            NodeKind::Array(items.iter().map(|i| yaml_node(i, chars, offset)).collect())
        }
        YamlData::Mapping(map) => NodeKind::Table(Table {
            entries: map
                .iter()
                .map(|(k, v)| {
                    let key_node = yaml_node(k, chars, offset);
                    let name = match &key_node.kind {
                        NodeKind::Str(s) => s.clone(),
                        NodeKind::Int(i) => i.to_string(),
                        NodeKind::Float(f) => f.to_string(),
                        NodeKind::Bool(b) => b.to_string(),
                        _ => String::new(),
                    };
                    let key = Key {
                        name,
                        span: key_node.span,
                    };
                    (key, yaml_node(v, chars, offset))
                })
                .collect(),
        }),
        YamlData::Tagged(_, inner) => return yaml_node(inner, chars, offset),
        YamlData::Alias(_) => NodeKind::Unsupported("*alias".into()),
        YamlData::BadValue => NodeKind::Unsupported(String::new()),
    };
    Node { kind, span }
}

/// saphyr reports positions in characters; diagnostics need bytes.
struct CharToByte {
    offsets: Vec<usize>,
}

impl CharToByte {
    fn new(text: &str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        CharToByte { offsets }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.offsets
            .get(char_index)
            .copied()
            .unwrap_or_else(|| *self.offsets.last().unwrap_or(&0))
    }

    fn span(&self, span: &saphyr_parser::Span, offset: usize) -> Range<usize> {
        let start = self.byte(span.start.index()) + offset;
        let end = self.byte(span.end.index()) + offset;
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_spans_point_into_the_file() {
        let file = "+++\nname = \"Claire\"\ncapacity = 3\n+++\n";
        let (table, errors) = parse_toml(&file[4..33], 4);
        assert!(errors.is_empty());
        let cap = table.get("capacity").unwrap();
        assert_eq!(&file[cap.span.clone()], "3");
        assert!(matches!(cap.kind, NodeKind::Int(3)));
    }

    #[test]
    fn yaml_spans_are_bytes_even_after_accents() {
        let file = "---\nname: Élodie Gâteau\ncapacity: 3\n---\n";
        let end = file.rfind("---").unwrap();
        let table = parse_yaml(&file[4..end], 4).unwrap();
        let cap = table.get("capacity").unwrap();
        assert_eq!(&file[cap.span.clone()], "3");
        let name = table.get("name").unwrap();
        assert_eq!(&file[name.span.clone()], "Élodie Gâteau");
    }

    #[test]
    fn every_toml_syntax_error_is_returned() {
        let (table, errors) = parse_toml("a = \nb = \"x\nc = 1\nd = 2\n", 0);
        assert!(errors.len() >= 2, "{errors:?}");
        assert!(
            table.get("d").is_some(),
            "the rest of the file is still read"
        );
    }
}
