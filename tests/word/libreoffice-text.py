"""Reads .docx files with LibreOffice Writer, as a user of a word processor would meet them, and writes
each one's text: `NAME.accepted.txt` and `NAME.rejected.txt` after Accept All / Reject All tracked changes
(Writer's own commands), `NAME.txt` as it opens. Writer's text export writes the number or bullet Word's
list numbering shows before each list paragraph, indented ("    1. "), and a footnote's call as the
number Writer gives it, but not the footnote: `NAME.footnotes.txt` (and `.accepted`, `.rejected`) has
the footnotes, one a line, "3)<tab>text", numbered as Writer numbers them. `NAME.changes.txt` lists the
tracked changes Writer finds as it opens, one a line: its type ("Insert", "Delete", "Format",
"ParagraphFormat", …), a tab, and the text of the paragraph where it starts.
Usage: libreoffice-text.py OUT_DIR FILE.docx...

Run with Debian's python3 (`/usr/bin/python3`): the UNO bridge (python3-uno) is built for it alone."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def write_changes(doc, path):
    lines = []
    changes = doc.getRedlines().createEnumeration()
    while changes.hasMoreElements():
        change = changes.nextElement()
        start = change.getPropertyValue('RedlineStart')
        paragraph = start.getText().createTextCursorByRange(start)
        paragraph.gotoStartOfParagraph(False)
        paragraph.gotoEndOfParagraph(True)
        text = paragraph.getString().replace('\n', ' ')
        lines.append(f"{change.getPropertyValue('RedlineType')}\t{text}\n")
    with open(path, 'w', encoding='utf-8') as out:
        out.writelines(lines)


def write_footnotes(doc, path):
    notes = doc.getFootnotes()
    # In the document's order, numbered as Writer numbers them (every footnote is numbered by it).
    lines = [
        f"{index + 1})\t{notes.getByIndex(index).getString().replace(chr(10), ' ')}\n"
        for index in range(notes.getCount())
    ]
    with open(path, 'w', encoding='utf-8') as out:
        out.writelines(lines)


def main():
    out_dir, files = sys.argv[1], sys.argv[2:]
    profile = tempfile.mkdtemp(prefix='accord-lo-profile-')
    pipe = f'accord-word-{os.getpid()}'
    office = subprocess.Popen(
        [
            'soffice', '--headless', '--invisible', '--norestore', '--nologo', '--nodefault',
            f'-env:UserInstallation=file://{profile}', f'--accept=pipe,name={pipe};urp;',
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        # Writer takes seconds to start on a loaded machine; its pipe appears when it is ready.
        deadline = time.monotonic() + 90
        while True:
            try:
                ctx = resolver.resolve(f'uno:pipe,name={pipe};urp;StarOffice.ComponentContext')
                break
            except Exception:
                if time.monotonic() > deadline or office.poll() is not None:
                    raise
                time.sleep(0.1)
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        dispatcher = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.DispatchHelper', ctx)
        text_filter = (prop('FilterName', 'Text (encoded)'), prop('FilterOptions', 'UTF8,LF,,,'))
        for path in files:
            name = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0])
            for command, suffix in (('', ''), ('AcceptAllTrackedChanges', '.accepted'), ('RejectAllTrackedChanges', '.rejected')):
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), '_blank', 0, (prop('Hidden', True),))
                if command:
                    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), f'.uno:{command}', '', 0, ())
                else:
                    write_changes(doc, f'{name}.changes.txt')
                write_footnotes(doc, f'{name}{suffix}.footnotes.txt')
                doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(f'{name}{suffix}.txt')), text_filter)
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # Writer may close the bridge before answering.
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()
            office.wait()
        shutil.rmtree(profile, ignore_errors=True)


main()
