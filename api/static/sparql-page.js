// The SPARQL page's editor: CodeMirror over the plain textarea. Without this script the textarea and
// the form still work; with it, the query gets SPARQL highlighting and Ctrl/Cmd-Enter runs it.
(function () {
  var area = document.getElementById("query");
  if (!area || typeof CodeMirror === "undefined") { return; }
  var form = document.getElementById("sparql-form");
  var editor = CodeMirror.fromTextArea(area, {
    mode: "application/sparql-query",
    lineNumbers: true,
    matchBrackets: true,
    viewportMargin: Infinity,
    extraKeys: {
      "Ctrl-Enter": function () { editor.save(); form.submit(); },
      "Cmd-Enter": function () { editor.save(); form.submit(); }
    }
  });
  window.govlexEditor = editor;
})();
