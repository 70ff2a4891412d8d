"""The document model's walk: every node, in the order a reader meets it."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from briefgen import document as d

NOTE_IN_NOTE = d.Note(3, (d.Paragraph((d.Text("inner"),)),))


def sample() -> d.Document:
    """One of each container, a note in each, and a note inside a note."""
    return d.Document(d.Meta(title="Sample"), (
        d.Heading(2, (d.Text("Head"), d.Note(1, (d.Paragraph((d.Text("n1"),)),)))),
        d.BulletList((
            (d.Paragraph((d.Text("item a"),)),),
            (d.Paragraph((d.Emph((d.Text("item b"),)),
                          d.Note(2, (d.Paragraph((d.Text("n2"), NOTE_IN_NOTE)),)))),),
        )),
        d.Table(header=((d.Text("h1"),), (d.Strong((d.Text("h2"),)),)),
                rows=(((d.Text("c1"), d.Note(4, (d.Paragraph((d.Text("n4"),)),))),
                       (d.Link("https://example.org", (d.Text("c2"),)),)),)),
        d.Quote((d.Paragraph((d.Text("quoted"), d.LineBreak(), d.Code("code"))),)),
        d.ThematicBreak(),
        d.Figure(d.Timeline(()), (d.Text("caption"), d.Note(5, (d.Paragraph((d.Text("n5"),)),)))),
    ))


def texts(nodes) -> list[str]:
    return [n.text for n in nodes if isinstance(n, d.Text)]


def test_walk_reads_every_text_in_reading_order_notes_where_referenced():
    assert texts(d.walk(sample())) == [
        "Head", "n1", "item a", "item b", "n2", "inner", "h1", "h2", "c1", "n4", "c2",
        "quoted", "caption", "n5"]


def test_walk_yields_a_container_before_what_it_holds():
    kinds = [type(n).__name__ for n in d.walk(sample().blocks[3])]
    assert kinds == ["Quote", "Paragraph", "Text", "LineBreak", "Code"]


def test_walk_can_stay_out_of_notes():
    line = sample().blocks[1].items[1][0].children
    assert texts(d.walk(line, into_notes=False)) == ["item b"]
    assert texts(d.walk(line)) == ["item b", "n2", "inner"]


def test_notes_in_reading_order_include_a_note_inside_a_note():
    assert [n.number for n in d.iter_notes(sample())] == [1, 2, 3, 4, 5]


def test_plain_text_leaves_notes_out_and_keeps_line_breaks_as_spaces():
    quote = sample().blocks[3].blocks[0]
    assert d.plain_text(quote.children) == "quoted code"
    assert d.plain_text(sample().blocks[0].children) == "Head"


def test_transform_changes_every_text_and_keeps_the_structure():
    document = sample()
    upper = [d.transform(b, _upper) for b in document.blocks]
    assert texts(d.walk(upper)) == [t.upper() for t in texts(d.walk(document))]
    table = upper[2]
    assert isinstance(table, d.Table)
    assert len(table.header) == 2 and len(table.rows) == 1 and len(table.rows[0]) == 2
    assert [n.number for n in d.iter_notes(upper)] == [1, 2, 3, 4, 5]
    assert table.rows[0][1][0] == d.Link("https://example.org", (d.Text("C2"),))


def test_transform_with_no_change_gives_an_equal_document():
    document = sample()
    assert tuple(d.transform(b, lambda n: n) for b in document.blocks) == document.blocks


def _upper(node: d.Node) -> d.Node:
    return d.Text(node.text.upper()) if isinstance(node, d.Text) else node


def test_every_field_holding_nodes_is_walked():
    """A node type added to the model, or a field added to one, that holds
    blocks or inlines must be known to the walk, or its contents would be
    skipped by every writer check and every traversal."""
    for kind in (*typing.get_args(d.Block), *typing.get_args(d.Inline)):
        holding = {f.name for f in dataclasses.fields(kind)
                   if "Inline" in str(f.type) or "Block" in str(f.type)}
        walked = {name for name, _ in d._CHILD_FIELDS.get(kind, ())}
        assert holding == walked, kind.__name__


def test_transform_blocks_refuses_a_change_that_makes_a_block_an_inline():
    flatten = lambda n: d.Text("x") if isinstance(n, d.ThematicBreak) else n  # noqa: E731
    with pytest.raises(TypeError, match="turned a block into Text"):
        d.transform_blocks(sample().blocks, flatten)


def test_prune_removes_refused_nodes_at_any_depth_and_keeps_the_structure():
    pruned = d.prune(sample().blocks, lambda n: not isinstance(n, (d.Note, d.ThematicBreak)))
    assert list(d.iter_notes(pruned)) == []
    assert not any(isinstance(b, d.ThematicBreak) for b in pruned)
    assert texts(d.walk(pruned)) == [
        "Head", "item a", "item b", "h1", "h2", "c1", "c2", "quoted", "caption"]
    table = pruned[2]
    assert isinstance(table, d.Table) and len(table.rows[0]) == 2


def test_map_runs_reaches_each_run_a_node_holds_table_cells_included():
    table = d.Table(((d.Text("a"), d.Text("b")),), (((d.Text("c"), d.Text("d")),),))
    joined = d.map_runs(table, d.merge_text)
    assert joined == d.Table(((d.Text("ab"),),), (((d.Text("cd"),),),))
    assert d.map_runs(d.ThematicBreak(), d.merge_text) == d.ThematicBreak()
