//! Which module uses which: the edges of a crate's module graph, each with the first line
//! that makes it, so that a developer sees which `use` or path to move.
//!
//! A node is a file (its inline modules are part of it). An edge goes from the file where
//! a path is written to the file that defines what the path names (see
//! [`Crate::resolve`]), for:
//! - every leaf of a private `use` tree (groups expanded; `use a::*` names `a`);
//! - every path in code (expressions, types, patterns, attributes, macro paths) that
//!   starts with `crate`, `super`, `self`, or a name the module defines or imports;
//! - every `crate::…`, `super::…` or `self::…` run of tokens inside a macro's arguments.
//!
//! Not edges: `mod x;`, and re-exports (`pub use`, `pub(crate) use`), which only pass a
//! name along: who uses the name through them gets an edge to where it is defined. Edges
//! to or from the crate root are dropped (it declares and re-exports), and so is whatever
//! is under `#[cfg(test)]`.

use crate::modules::{Crate, FileId, ModId, Named, ROOT_FILE, is_test_only, item_attrs};
use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeMap;
use std::path::PathBuf;
use syn::ext::IdentExt as _;
use syn::visit::{self, Visit};

/// Where an edge is made: a file, a line, and the path written there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// Relative to the crate's directory: `src/steps/fuzz.rs`.
    pub file: PathBuf,
    pub line: usize,
    /// As written: `use crate::fuzz::driver::Driver`, `crate::fuzz::MAX_VIRTUAL_DAYS`.
    pub text: String,
}

/// Each (from, to) pair of files where `from` uses something `to` defines, with the first
/// line of `from` that does.
pub type Edges = BTreeMap<(FileId, FileId), Example>;

/// The edges of `krate`'s module graph.
pub fn edges(krate: &Crate) -> Edges {
    let mut edges = Edges::new();
    for (file, source) in krate.files.iter().enumerate() {
        let mut collector = Collector { krate, file, module: source.module, edges: &mut edges };
        for item in &source.syntax.items {
            collector.visit_item(item);
        }
    }
    edges
}

/// Walks one file, knowing which (inline) module it is in.
struct Collector<'a> {
    krate: &'a Crate,
    file: FileId,
    module: ModId,
    edges: &'a mut Edges,
}

impl Collector<'_> {
    /// Records the edge that `path`, written on `line`, makes if it names something of
    /// another file of the crate. A path of one segment naming a module is a local
    /// variable or a function that shares a module's name, not a use of the module.
    fn record(&mut self, path: &[String], line: usize, text: String) {
        let Some(named) = self.krate.resolve(self.module, path) else { return };
        if path.len() == 1 && matches!(named, Named::Module(_)) {
            return;
        }
        let to = self.krate.modules[named.module()].file;
        if to == self.file || to == ROOT_FILE || self.file == ROOT_FILE {
            return;
        }
        let file = self.krate.files[self.file].path.clone();
        let example = Example { file, line, text };
        self.edges
            .entry((self.file, to))
            .and_modify(|first| {
                if example.line < first.line {
                    *first = example.clone();
                }
            })
            .or_insert(example);
    }

    /// Records each leaf of a private `use` tree under `prefix`.
    fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        let written = |prefix: &[String], last: &str| {
            let mut segments = prefix.to_vec();
            segments.push(last.to_string());
            format!("use {}", segments.join("::"))
        };
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.unraw().to_string());
                self.use_tree(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) if n.ident == "self" => {
                let text = written(prefix, "{self}");
                self.record(&prefix.clone(), n.ident.span().start().line, text);
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.unraw().to_string();
                let text = written(prefix, &name);
                let path = [prefix.as_slice(), &[name]].concat();
                self.record(&path, n.ident.span().start().line, text);
            }
            syn::UseTree::Rename(r) => {
                let name = r.ident.unraw().to_string();
                let text = format!("{} as {}", written(prefix, &name), r.rename);
                let path = [prefix.as_slice(), &[name]].concat();
                self.record(&path, r.ident.span().start().line, text);
            }
            syn::UseTree::Glob(g) => {
                let text = written(prefix, "*");
                self.record(&prefix.clone(), g.star_token.spans[0].start().line, text);
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(tree, prefix);
                }
            }
        }
    }

    /// Records the `crate::…`, `super::…` and `self::…` paths in a macro's tokens, which
    /// syn leaves unparsed.
    fn macro_tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(group) => self.macro_tokens(group.stream()),
                TokenTree::Ident(ident)
                    if matches!(ident.to_string().as_str(), "crate" | "super" | "self") =>
                {
                    let path = path_in_tokens(&tokens[i..]);
                    // The path's own tokens (`super :: super :: x`) are not paths again.
                    i += 3 * path.len() - 3;
                    if path.len() > 1 {
                        let text = path.join("::");
                        self.record(&path, ident.span().start().line, text);
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
}

/// The segments of the path that starts `tokens`: `a :: b :: c` gives `[a, b, c]`.
fn path_in_tokens(tokens: &[TokenTree]) -> Vec<String> {
    let mut path = Vec::new();
    let mut rest = tokens;
    while let Some(TokenTree::Ident(ident)) = rest.first() {
        path.push(ident.unraw().to_string());
        match rest {
            [_, TokenTree::Punct(a), TokenTree::Punct(b), more @ ..]
                if a.as_char() == ':' && b.as_char() == ':' =>
            {
                rest = more;
            }
            _ => break,
        }
    }
    path
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attrs(item)) {
            visit::visit_item(self, item);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs = match item {
            syn::ImplItem::Const(i) => &i.attrs,
            syn::ImplItem::Fn(i) => &i.attrs,
            syn::ImplItem::Type(i) => &i.attrs,
            syn::ImplItem::Macro(i) => &i.attrs,
            _ => return visit::visit_impl_item(self, item),
        };
        if !is_test_only(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        // `mod x;` is a declaration, not a use; an inline module's items are walked in
        // its own namespace.
        let Some((_, items)) = &item.content else { return };
        let Some(child) = self.krate.child(self.module, &item.ident.unraw().to_string()) else {
            return;
        };
        let parent = std::mem::replace(&mut self.module, child);
        for item in items {
            self.visit_item(item);
        }
        self.module = parent;
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        // A re-export passes a name along: its users get the edge to where it is defined.
        if matches!(item.vis, syn::Visibility::Inherited) && item.leading_colon.is_none() {
            self.use_tree(&item.tree, &mut Vec::new());
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments: Vec<String> =
                path.segments.iter().map(|s| s.ident.unraw().to_string()).collect();
            if let Some(first) = path.segments.first() {
                let text = segments.join("::");
                self.record(&segments, first.ident.span().start().line, text);
            }
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        self.macro_tokens(mac.tokens.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::tests::in_memory;

    /// Checks the edges of an in-memory crate, as `from -> to: line: text`, sorted.
    fn check(files: &[(&str, &str)], expected: &[&str]) {
        let krate = in_memory(files);
        let name = |f: FileId| krate.files[f].path.display().to_string();
        let mut found: Vec<String> = edges(&krate)
            .iter()
            .map(|(&(from, to), e)| {
                format!("{} -> {}: {}: {}", name(from), name(to), e.line, e.text)
            })
            .collect();
        found.sort();
        assert_eq!(found, expected);
    }

    // Checks that a plain circle gives an edge each way, each at its first line.
    #[test]
    fn a_plain_circle() {
        check(
            &[
                ("src/lib.rs", "mod a; mod b;"),
                ("src/a.rs", "use crate::b::B;\npub struct A;\nfn f() -> B { B }"),
                ("src/b.rs", "pub struct B;\nfn g() -> crate::a::A { super::a::A }"),
            ],
            &["src/a.rs -> src/b.rs: 1: use crate::b::B", "src/b.rs -> src/a.rs: 2: crate::a::A"],
        );
    }

    // Checks that a name re-exported by lib.rs leads to the module that defines it, and
    // that the root itself makes and receives no edge.
    #[test]
    fn a_reexport_through_lib_is_not_a_circle() {
        check(
            &[
                ("src/lib.rs", "mod a; mod b; pub use a::A; pub use b::B; fn f(_: A) {}"),
                ("src/a.rs", "pub struct A;"),
                ("src/b.rs", "use crate::A;\npub struct B(A);"),
            ],
            &["src/b.rs -> src/a.rs: 1: use crate::A"],
        );
    }

    // Checks that a chain of re-exports through a `mod.rs` is followed to the defining
    // file, and that the `pub use` lines themselves make no edge.
    #[test]
    fn reexport_chains_are_followed() {
        check(
            &[
                ("src/lib.rs", "mod a; mod b;"),
                ("src/a/mod.rs", "mod x; pub(crate) use x::X;"),
                ("src/a/x.rs", "pub struct X;"),
                ("src/b.rs", "fn f() -> crate::a::X { crate::a::X }"),
            ],
            &["src/b.rs -> src/a/x.rs: 1: crate::a::X"],
        );
    }

    // Checks that `#[cfg(test)]` items, inline or in their own file, add nothing.
    #[test]
    fn test_modules_add_nothing() {
        check(
            &[
                ("src/lib.rs", "mod a; mod b;"),
                (
                    "src/a.rs",
                    "pub struct A;\n#[cfg(test)]\nmod tests { use super::*; use crate::b::B; }",
                ),
                (
                    "src/b.rs",
                    "pub struct B;\n#[cfg(test)]\nmod tests;\n#[cfg(test)]\nuse crate::a::A;",
                ),
                ("src/b/tests.rs", "use crate::a::A;"),
            ],
            &[],
        );
    }

    // Checks that a `use` group is expanded: each leaf (`self` too) makes its own edge, at
    // its own line.
    #[test]
    fn a_use_group_is_expanded() {
        check(
            &[
                ("src/lib.rs", "mod a; mod d;"),
                ("src/a/mod.rs", "pub mod b; pub mod c;"),
                ("src/a/b.rs", "pub struct X;"),
                ("src/a/c.rs", ""),
                ("src/d.rs", "use crate::a::{\n    self,\n    b::X,\n    c,\n};"),
            ],
            &[
                "src/d.rs -> src/a/b.rs: 3: use crate::a::b::X",
                "src/d.rs -> src/a/c.rs: 4: use crate::a::c",
                "src/d.rs -> src/a/mod.rs: 2: use crate::a::{self}",
            ],
        );
    }

    // Checks that a parent `mod.rs` with code counts: its child uses it through `super`,
    // and it uses a child's item through a re-export and a plain path; an inline module's
    // uses belong to its file.
    #[test]
    fn a_parent_with_code_counts() {
        check(
            &[
                ("src/lib.rs", "mod steps;"),
                (
                    "src/steps/mod.rs",
                    "mod fuzz;\npub use fuzz::replay;\npub struct World;\n\
                     fn run() { replay(); }\nmod inner { fn f() { super::fuzz::replay(); } }",
                ),
                ("src/steps/fuzz.rs", "use super::World;\npub fn replay() {}"),
            ],
            &[
                "src/steps/fuzz.rs -> src/steps/mod.rs: 1: use super::World",
                "src/steps/mod.rs -> src/steps/fuzz.rs: 4: replay",
            ],
        );
    }

    // Checks that paths inside macros' arguments count, and a glob import names its
    // module; a local variable that shares a module's name does not.
    #[test]
    fn macros_globs_and_locals() {
        check(
            &[
                ("src/lib.rs", "mod a; mod b; mod c;"),
                ("src/a.rs", "pub const N: u8 = 1;"),
                (
                    "src/b/mod.rs",
                    "mod step;\nfn f() -> u8 { let step = 1; step + 1 }\n\
                     fn g() { assert_eq!(1, crate::a::N); }",
                ),
                ("src/b/step.rs", ""),
                ("src/c.rs", "use crate::b::*;"),
            ],
            &[
                "src/b/mod.rs -> src/a.rs: 3: crate::a::N",
                "src/c.rs -> src/b/mod.rs: 1: use crate::b::*",
            ],
        );
    }
}
