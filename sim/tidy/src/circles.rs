//! The circles of a module graph (its strongly connected components of more than one
//! module, found with Tarjan's algorithm) and how to show one to a developer.

use crate::uses::Example;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

/// Modules each of which uses, directly or through the others, every other one.
#[derive(Debug, PartialEq, Eq)]
pub struct Circle {
    /// Its modules' names, sorted.
    pub modules: Vec<String>,
    /// A shortest way round from its first module back to it.
    pub round: Vec<String>,
    /// Every edge between two of its modules, sorted by (from, to): each with the first
    /// line that makes it.
    pub edges: Vec<(String, String, Example)>,
}

/// The circles of the graph whose node `n` is called `names[n]`, sorted by their first
/// module's name.
pub fn find(names: &[String], edges: &BTreeMap<(usize, usize), Example>) -> Vec<Circle> {
    // Successors in name order, so that every walk below is deterministic.
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for &(from, to) in edges.keys() {
        successors[from].push(to);
    }
    for next in &mut successors {
        next.sort_by(|&a, &b| names[a].cmp(&names[b]));
    }
    let mut circles: Vec<Circle> = components(&successors)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let members: BTreeSet<usize> = component.iter().copied().collect();
            let start = *component.iter().min_by_key(|&&n| &names[n]).expect("not empty");
            let mut modules: Vec<String> = component.iter().map(|&n| names[n].clone()).collect();
            modules.sort();
            let mut within: Vec<(String, String, Example)> = edges
                .iter()
                .filter(|((from, to), _)| members.contains(from) && members.contains(to))
                .map(|(&(from, to), e)| (names[from].clone(), names[to].clone(), e.clone()))
                .collect();
            within.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            let round = shortest_round(start, &members, &successors);
            Circle {
                modules,
                round: round.iter().map(|&n| names[n].clone()).collect(),
                edges: within,
            }
        })
        .collect();
    circles.sort_by(|a, b| a.modules.cmp(&b.modules));
    circles
}

/// The strongly connected components of a graph given by each node's successors.
fn components(successors: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut tarjan = Tarjan {
        successors,
        index: vec![None; successors.len()],
        low: vec![0; successors.len()],
        on_stack: vec![false; successors.len()],
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in 0..successors.len() {
        if tarjan.index[node].is_none() {
            tarjan.connect(node);
        }
    }
    tarjan.found
}

struct Tarjan<'a> {
    successors: &'a [Vec<usize>],
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    found: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    // Recursive: a crate's modules are tens, far from the stack's limit.
    fn connect(&mut self, node: usize) {
        self.index[node] = Some(self.next);
        self.low[node] = self.next;
        self.next += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        for &next in &self.successors[node] {
            match self.index[next] {
                None => {
                    self.connect(next);
                    self.low[node] = self.low[node].min(self.low[next]);
                }
                Some(index) if self.on_stack[next] => self.low[node] = self.low[node].min(index),
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            loop {
                let member = self.stack.pop().expect("the node itself is on the stack");
                self.on_stack[member] = false;
                component.push(member);
                if member == node {
                    break;
                }
            }
            self.found.push(component);
        }
    }
}

/// A shortest walk from `start` back to it inside `members` (breadth first), as the list
/// of nodes from `start` to `start`.
fn shortest_round(
    start: usize,
    members: &BTreeSet<usize>,
    successors: &[Vec<usize>],
) -> Vec<usize> {
    let mut previous: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in successors[node].iter().filter(|n| members.contains(n)) {
            if next == start {
                let mut round = vec![node];
                while let Some(&before) = previous.get(round.last().expect("not empty")) {
                    round.push(before);
                }
                round.reverse();
                round.push(start);
                return round;
            }
            if next != start && !previous.contains_key(&next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    unreachable!("every member of a strongly connected component is on a circle")
}

impl Circle {
    /// The circle as a developer reads it: the crate, the modules, a way round, then each
    /// edge with the line that makes it (files relative to `crate_dir`, as the repository
    /// shows them, so that they can be opened from the message).
    pub fn render(&self, crate_dir: &str) -> String {
        let mut out = format!("{crate_dir}: {}\n", self.modules.join(", "));
        let _ = writeln!(out, "  round: {}", self.round.join(" → "));
        let arrows: Vec<String> =
            self.edges.iter().map(|(from, to, _)| format!("{from} → {to}")).collect();
        let width = arrows.iter().map(|a| a.chars().count()).max().unwrap_or(0);
        for (arrow, (_, _, e)) in arrows.iter().zip(&self.edges) {
            let pad = width - arrow.chars().count();
            let _ = writeln!(
                out,
                "    {arrow}{:pad$}  {crate_dir}/{}:{}: {}",
                "",
                e.file.display(),
                e.line,
                e.text
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn graph(names: &[&str], edges: &[(usize, usize)]) -> Vec<Circle> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let edges = edges
            .iter()
            .map(|&(from, to)| {
                let example = Example {
                    file: PathBuf::from(format!("src/{}", names[from])),
                    line: to + 1,
                    text: format!("use crate::{}", names[to].trim_end_matches(".rs")),
                };
                ((from, to), example)
            })
            .collect();
        find(&names, &edges)
    }

    // Checks that only components of more than one module are circles, in name order,
    // each with a shortest way round and only its own edges.
    #[test]
    fn circles_are_the_components_of_more_than_one() {
        // b.rs ⇄ d.rs and a.rs → c.rs → e.rs → a.rs; e.rs → f.rs and a.rs → b.rs are
        // edges out of the circles.
        let circles = graph(
            &["a.rs", "b.rs", "c.rs", "d.rs", "e.rs", "f.rs"],
            &[(3, 1), (1, 3), (0, 2), (2, 4), (4, 0), (4, 5), (0, 1)],
        );
        let summary: Vec<(Vec<String>, Vec<String>, usize)> =
            circles.iter().map(|c| (c.modules.clone(), c.round.clone(), c.edges.len())).collect();
        let strings = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            summary,
            [
                (strings(&["a.rs", "c.rs", "e.rs"]), strings(&["a.rs", "c.rs", "e.rs", "a.rs"]), 3),
                (strings(&["b.rs", "d.rs"]), strings(&["b.rs", "d.rs", "b.rs"]), 2),
            ]
        );
    }

    // Checks that the round is a shortest one when there are several.
    #[test]
    fn the_round_is_shortest() {
        // a → b → c → d → a, and a shortcut c → a.
        let circles =
            graph(&["a.rs", "b.rs", "c.rs", "d.rs"], &[(0, 1), (1, 2), (2, 3), (3, 0), (2, 0)]);
        assert_eq!(circles.len(), 1);
        assert_eq!(circles[0].round, ["a.rs", "b.rs", "c.rs", "a.rs"]);
    }

    // Checks the rendering a developer reads: modules, a round, then aligned edges with
    // their file, line and path.
    #[test]
    fn rendering() {
        let circles = graph(&["report.rs", "html.rs"], &[(0, 1), (1, 0)]);
        assert_eq!(
            circles[0].render("sim/harness"),
            "sim/harness: html.rs, report.rs\n\
             \x20 round: html.rs → report.rs → html.rs\n\
             \x20   html.rs → report.rs  sim/harness/src/html.rs:1: use crate::report\n\
             \x20   report.rs → html.rs  sim/harness/src/report.rs:2: use crate::html\n"
        );
    }
}
