//! A crate's modules as its files declare them, and how a path written in one of them
//! resolves to the module that defines what it names.
//!
//! Files are found as rustc finds them: `mod a;` in `lib.rs`, `main.rs` or a `mod.rs` is
//! `a.rs` or `a/mod.rs` beside it; in `x.rs` it is `x/a.rs` or `x/a/mod.rs`. An inline
//! `mod a { … }` is a module for name resolution but part of its file's node in the
//! graph. Whatever is under `#[cfg(test)]` is left out: tests may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use syn::ext::IdentExt as _;
use syn::{Attribute, Item, UseTree};

/// A module: an index into [`Crate::modules`].
pub type ModId = usize;
/// A file, and the module it holds: an index into [`Crate::files`].
pub type FileId = usize;

/// The crate root's module and file (`lib.rs` or `main.rs`).
pub const ROOT: ModId = 0;
pub const ROOT_FILE: FileId = 0;

/// A module: a file or an inline `mod x { … }` block.
#[derive(Debug, Default)]
pub struct Module {
    /// From the crate root: `["steps", "fuzz"]` for `crate::steps::fuzz`.
    pub path: Vec<String>,
    pub parent: Option<ModId>,
    /// The file it is written in.
    pub file: FileId,
    children: BTreeMap<String, ModId>,
    /// The names it defines itself: types, functions, constants, traits, macros.
    items: BTreeSet<String>,
    /// The names its `use` declarations bring in, each with the path it stands for.
    imports: BTreeMap<String, Vec<String>>,
    /// The paths of its glob imports (`use a::*`).
    globs: Vec<Vec<String>>,
}

/// A file of the crate, parsed.
pub struct SourceFile {
    /// Relative to the crate's directory: `src/steps/mod.rs`.
    pub path: PathBuf,
    /// The module the file holds.
    pub module: ModId,
    pub syntax: syn::File,
}

/// A crate's modules and files, read from its root file down.
pub struct Crate {
    pub modules: Vec<Module>,
    pub files: Vec<SourceFile>,
}

/// What a path names, as far as this crate is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Module(ModId),
    /// Something the module defines (or a name in it this resolver does not know, such as
    /// an enum's variant or a name a glob brings in from another crate).
    Item(ModId),
}

impl Named {
    /// The module that defines what was named.
    pub fn module(self) -> ModId {
        match self {
            Named::Module(m) | Named::Item(m) => m,
        }
    }
}

/// Why a crate's files could not be read.
#[derive(Debug)]
pub enum LoadError {
    Read { path: PathBuf, source: io::Error },
    Parse { path: PathBuf, line: usize, message: String },
    Missing { declared_in: PathBuf, line: usize, tried: [PathBuf; 2] },
    PathAttribute { declared_in: PathBuf, line: usize },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            LoadError::Parse { path, line, message } => {
                write!(f, "cannot parse {}:{line}: {message}", path.display())
            }
            LoadError::Missing { declared_in, line, tried: [a, b] } => write!(
                f,
                "{}:{line}: declares a module found neither at {} nor at {}",
                declared_in.display(),
                a.display(),
                b.display()
            ),
            LoadError::PathAttribute { declared_in, line } => write!(
                f,
                "{}:{line}: #[path] on a module is not supported by the module-circle check",
                declared_in.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// A `mod x;` whose file is still to read.
struct Pending {
    module: ModId,
    candidates: [PathBuf; 2],
    /// Where the files of its own `mod y;` declarations are.
    dir: PathBuf,
    declared_in: PathBuf,
    line: usize,
}

impl Crate {
    /// Reads the crate whose root file is `root` (relative to the crate's directory, as
    /// `read` takes its paths), following its `mod x;` declarations.
    pub fn load(
        root: &Path,
        read: impl Fn(&Path) -> io::Result<String>,
    ) -> Result<Crate, LoadError> {
        let mut krate = Crate { modules: vec![Module::default()], files: Vec::new() };
        let dir = root.parent().unwrap_or(Path::new("")).to_path_buf();
        let text = read(root).map_err(|source| LoadError::Read { path: root.into(), source })?;
        // Depth first, in declaration order: the files' numbers are deterministic.
        let mut stack = krate.add_file(root.to_path_buf(), ROOT, &text, dir)?;
        stack.reverse();
        while let Some(next) = stack.pop() {
            let (path, text) = read_either(&next, &read)?;
            let mut declared = krate.add_file(path, next.module, &text, next.dir)?;
            declared.reverse();
            stack.extend(declared);
        }
        Ok(krate)
    }

    /// Parses the file that holds `module` and declares what it contains; returns the
    /// files of the modules it declares.
    fn add_file(
        &mut self,
        path: PathBuf,
        module: ModId,
        text: &str,
        dir: PathBuf,
    ) -> Result<Vec<Pending>, LoadError> {
        let syntax = syn::parse_file(text).map_err(|e| LoadError::Parse {
            path: path.clone(),
            line: e.span().start().line,
            message: e.to_string(),
        })?;
        let file = self.files.len();
        self.modules[module].file = file;
        let mut pending = Vec::new();
        let mut declare =
            Declare { modules: &mut self.modules, file, path: &path, pending: &mut pending };
        declare.items(&syntax.items, module, &dir)?;
        self.files.push(SourceFile { path, module, syntax });
        Ok(pending)
    }

    /// The module named `name` declared in `module`.
    pub fn child(&self, module: ModId, name: &str) -> Option<ModId> {
        self.modules[module].children.get(name).copied()
    }

    /// What `path` names when written in `from`, or `None` when it names nothing of this
    /// crate (another crate's item, a local variable). Imports, glob imports and
    /// re-exports are followed to the module that defines the name.
    pub fn resolve(&self, from: ModId, path: &[String]) -> Option<Named> {
        self.resolve_in(from, path, &mut BTreeSet::new())
    }

    fn resolve_in(
        &self,
        from: ModId,
        path: &[String],
        seen: &mut BTreeSet<(ModId, String)>,
    ) -> Option<Named> {
        let (first, rest) = path.split_first()?;
        let mut current = match first.as_str() {
            "crate" => ROOT,
            "self" => from,
            "super" => self.modules[from].parent?,
            name => match self.lookup(from, name, seen)? {
                Named::Module(m) => m,
                item @ Named::Item(_) => return Some(item),
            },
        };
        for segment in rest {
            if segment == "super" {
                current = self.modules[current].parent?;
                continue;
            }
            match self.lookup(current, segment, seen) {
                Some(Named::Module(m)) => current = m,
                Some(item @ Named::Item(_)) => return Some(item),
                None => return Some(Named::Item(current)),
            }
        }
        Some(Named::Module(current))
    }

    /// What `name` is in `module`'s namespace: a child module, an item it defines, or
    /// what one of its imports stands for (named imports first, then globs, as rustc).
    fn lookup(
        &self,
        module: ModId,
        name: &str,
        seen: &mut BTreeSet<(ModId, String)>,
    ) -> Option<Named> {
        // A name asked twice in one resolution is an import circle (or a glob reached
        // twice): the second answer would be the first's.
        if !seen.insert((module, name.to_string())) {
            return None;
        }
        let m = &self.modules[module];
        if let Some(&child) = m.children.get(name) {
            return Some(Named::Module(child));
        }
        if m.items.contains(name) {
            return Some(Named::Item(module));
        }
        if let Some(path) = m.imports.get(name) {
            return self.resolve_in(module, path, seen);
        }
        m.globs.iter().find_map(|glob| match self.resolve_in(module, glob, seen)? {
            Named::Module(g) => self.lookup(g, name, seen),
            Named::Item(_) => None,
        })
    }
}

/// Reads the first of a pending module's two candidate files that exists.
fn read_either(
    pending: &Pending,
    read: &impl Fn(&Path) -> io::Result<String>,
) -> Result<(PathBuf, String), LoadError> {
    for path in &pending.candidates {
        match read(path) {
            Ok(text) => return Ok((path.clone(), text)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(source) => return Err(LoadError::Read { path: path.clone(), source }),
        }
    }
    Err(LoadError::Missing {
        declared_in: pending.declared_in.clone(),
        line: pending.line,
        tried: pending.candidates.clone(),
    })
}

/// Declares a file's modules, items and imports.
struct Declare<'a> {
    modules: &'a mut Vec<Module>,
    file: FileId,
    path: &'a Path,
    pending: &'a mut Vec<Pending>,
}

impl Declare<'_> {
    /// Declares `items`, written in `module`, whose `mod x;` files are in `dir`.
    fn items(&mut self, items: &[Item], module: ModId, dir: &Path) -> Result<(), LoadError> {
        for item in items.iter().filter(|item| !is_test_only(item_attrs(item))) {
            let name = match item {
                Item::Mod(m) => {
                    self.module(m, module, dir)?;
                    continue;
                }
                Item::Use(u) => {
                    let m = &mut self.modules[module];
                    declare_use(&u.tree, &mut Vec::new(), &mut m.imports, &mut m.globs);
                    continue;
                }
                Item::Const(i) => &i.ident,
                Item::Enum(i) => &i.ident,
                Item::Fn(i) => &i.sig.ident,
                Item::Static(i) => &i.ident,
                Item::Struct(i) => &i.ident,
                Item::Trait(i) => &i.ident,
                Item::TraitAlias(i) => &i.ident,
                Item::Type(i) => &i.ident,
                Item::Union(i) => &i.ident,
                Item::Macro(i) => match &i.ident {
                    Some(ident) => ident,
                    None => continue,
                },
                _ => continue,
            };
            self.modules[module].items.insert(name.unraw().to_string());
        }
        Ok(())
    }

    fn module(&mut self, m: &syn::ItemMod, parent: ModId, dir: &Path) -> Result<(), LoadError> {
        let name = m.ident.unraw().to_string();
        let line = m.ident.span().start().line;
        if m.attrs.iter().any(|a| a.path().is_ident("path")) {
            return Err(LoadError::PathAttribute { declared_in: self.path.to_path_buf(), line });
        }
        let mut path = self.modules[parent].path.clone();
        path.push(name.clone());
        let child = self.modules.len();
        self.modules.push(Module {
            path,
            parent: Some(parent),
            file: self.file,
            ..Module::default()
        });
        self.modules[parent].children.insert(name.clone(), child);
        let dir = dir.join(&name);
        match &m.content {
            Some((_, items)) => self.items(items, child, &dir),
            None => {
                self.pending.push(Pending {
                    module: child,
                    candidates: [dir.with_extension("rs"), dir.join("mod.rs")],
                    dir,
                    declared_in: self.path.to_path_buf(),
                    line,
                });
                Ok(())
            }
        }
    }
}

/// Records the names a `use` tree brings in, under `prefix` (the segments above it).
fn declare_use(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    imports: &mut BTreeMap<String, Vec<String>>,
    globs: &mut Vec<Vec<String>>,
) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            declare_use(&p.tree, prefix, imports, globs);
            prefix.pop();
        }
        UseTree::Name(n) if n.ident == "self" => {
            if let Some(last) = prefix.last() {
                imports.insert(last.clone(), prefix.clone());
            }
        }
        UseTree::Name(n) => {
            let name = n.ident.unraw().to_string();
            imports.insert(name.clone(), [prefix.as_slice(), &[name]].concat());
        }
        UseTree::Rename(r) if r.rename == "_" => {}
        UseTree::Rename(r) => {
            let path = [prefix.as_slice(), &[r.ident.unraw().to_string()]].concat();
            imports.insert(r.rename.unraw().to_string(), path);
        }
        UseTree::Glob(_) => globs.push(prefix.clone()),
        UseTree::Group(g) => {
            for tree in &g.items {
                declare_use(tree, prefix, imports, globs);
            }
        }
    }
}

/// The attributes of an item, whatever its kind.
pub fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Whether `attrs` hold a `#[cfg(…)]` true only under test: `cfg(test)`,
/// `cfg(all(test, …))`, `cfg(any(test, all(test, …)))`.
pub fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| a.parse_args::<syn::Meta>().ok())
        .any(|predicate| needs_test(&predicate))
}

fn needs_test(predicate: &syn::Meta) -> bool {
    let syn::Meta::List(list) = predicate else {
        return predicate.path().is_ident("test");
    };
    let Ok(args) = list.parse_args_with(
        syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
    ) else {
        return false;
    };
    if list.path.is_ident("all") {
        args.iter().any(needs_test)
    } else if list.path.is_ident("any") {
        !args.is_empty() && args.iter().all(needs_test)
    } else {
        false
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A crate held in memory: its files by path relative to the crate's directory.
    pub(crate) fn in_memory(files: &[(&str, &str)]) -> Crate {
        let files: BTreeMap<PathBuf, String> =
            files.iter().map(|(path, text)| (PathBuf::from(path), text.to_string())).collect();
        Crate::load(Path::new("src/lib.rs"), |path| {
            files.get(path).cloned().ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
        })
        .expect("the test crate loads")
    }

    fn path(text: &str) -> Vec<String> {
        text.split("::").map(str::to_string).collect()
    }

    /// The module (as `a::b`, or `crate` for the root) that defines what `text`, written
    /// in `from` (as `a::b`), names.
    fn resolved(krate: &Crate, from: &str, text: &str) -> Option<String> {
        let from = (0..krate.modules.len())
            .find(|&m| krate.modules[m].path.join("::") == from.trim_start_matches("crate"))
            .expect("the module exists");
        let m = krate.resolve(from, &path(text))?.module();
        Some(if m == ROOT { "crate".to_string() } else { krate.modules[m].path.join("::") })
    }

    // Checks that files are found as rustc finds them (`a.rs`, `a/mod.rs`, `a/b.rs`
    // beside `a.rs`, an inline module's children under its name) in a fixed order.
    #[test]
    fn files_are_found_as_rustc_finds_them() {
        let krate = in_memory(&[
            ("src/lib.rs", "mod a; mod b; mod c { mod d; }"),
            ("src/a.rs", "mod x;"),
            ("src/a/x.rs", ""),
            ("src/b/mod.rs", "mod y;"),
            ("src/b/y.rs", ""),
            ("src/c/d.rs", ""),
        ]);
        let files: Vec<_> = krate.files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            files,
            ["src/lib.rs", "src/a.rs", "src/a/x.rs", "src/b/mod.rs", "src/b/y.rs", "src/c/d.rs"]
        );
    }

    // Checks that a missing module file is an error naming the declaration and both
    // places it was looked for.
    #[test]
    fn a_missing_file_is_named() {
        let error = Crate::load(Path::new("src/lib.rs"), |path| {
            if path == Path::new("src/lib.rs") {
                Ok("\nmod gone;".to_string())
            } else {
                Err(io::Error::from(io::ErrorKind::NotFound))
            }
        })
        .err()
        .expect("the load fails");
        assert_eq!(
            error.to_string(),
            "src/lib.rs:2: declares a module found neither at src/gone.rs nor at src/gone/mod.rs"
        );
    }

    // Checks how paths resolve: through modules, `super`, imports with renames, a
    // re-export chain and a glob re-export to the defining module; a variant stays in its
    // enum's module; another crate's path names nothing of ours.
    #[test]
    fn paths_resolve_to_the_defining_module() {
        let krate = in_memory(&[
            (
                "src/lib.rs",
                "mod a; mod b; mod c; pub use a::Alpha; pub use c::*; \
                 pub use b::Beta as Renamed;",
            ),
            ("src/a.rs", "pub struct Alpha; pub mod inner { pub enum E { V } }"),
            ("src/b.rs", "pub use crate::a::inner::E as Beta;"),
            ("src/c.rs", "pub fn gamma() {} use std::fmt;"),
        ]);
        assert_eq!(resolved(&krate, "b", "crate::a::Alpha").as_deref(), Some("a"));
        assert_eq!(resolved(&krate, "b", "super::Alpha").as_deref(), Some("a"));
        assert_eq!(resolved(&krate, "b", "crate::Renamed::V").as_deref(), Some("a::inner"));
        assert_eq!(resolved(&krate, "b", "crate::gamma").as_deref(), Some("c"));
        assert_eq!(resolved(&krate, "a::inner", "E::V").as_deref(), Some("a::inner"));
        assert_eq!(resolved(&krate, "a::inner", "super::super::a").as_deref(), Some("a"));
        assert_eq!(resolved(&krate, "c", "fmt::Display"), None);
        assert_eq!(resolved(&krate, "c", "idn_model::Policy"), None);
    }

    // Checks that an import circle (`use` chains that come back) ends instead of
    // recursing for ever.
    #[test]
    fn an_import_circle_ends() {
        let krate = in_memory(&[
            ("src/lib.rs", "mod a; mod b;"),
            ("src/a.rs", "pub use crate::b::*;"),
            ("src/b.rs", "pub use crate::a::*;"),
        ]);
        assert_eq!(resolved(&krate, "a", "crate::b::Nothing").as_deref(), Some("b"));
    }

    // Checks which `cfg` predicates count as test only.
    #[test]
    fn test_only_predicates() {
        let attrs = |text: &str| {
            syn::parse_str::<syn::ItemStruct>(&format!("{text} struct S;")).expect("an item").attrs
        };
        assert!(is_test_only(&attrs("#[cfg(test)]")));
        assert!(is_test_only(&attrs("#[cfg(all(test, unix))]")));
        assert!(is_test_only(&attrs("#[cfg(any(test, all(test, unix)))]")));
        assert!(!is_test_only(&attrs("#[cfg(any(test, unix))]")));
        assert!(!is_test_only(&attrs("#[cfg(not(test))]")));
        assert!(!is_test_only(&attrs("#[cfg(feature = \"client\")]")));
        assert!(!is_test_only(&attrs("#[derive(Debug)]")));
    }
}
