// Loads the kit's copy of plotly.js into the page once, with no network. The library arrives gzipped
// and base64-encoded (2.4 MB instead of 10.8 MB) as the argument below; charts wait for window.Plotly.
(function (payload, version) {
    var w = window;
    if (w.Plotly || w.__resnetcoursePlotlyLoading) {
        return;
    }
    w.__resnetcoursePlotlyLoading = true;
    function fail(reason) {
        w.__resnetcoursePlotlyLoading = false;
        w.__resnetcoursePlotlyError = 'plotly.js ' + version + ' could not be loaded: ' + reason;
        console.error(w.__resnetcoursePlotlyError);
    }
    if (typeof DecompressionStream === 'undefined') {
        fail('this browser has no DecompressionStream (use Chrome 80+, Firefox 113+, Safari 16.4+)');
        return;
    }
    var binary = atob(payload);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
    }
    var text = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    text.then(function (source) {
        // define/module/exports are shadowed so plotly's UMD header always sets window.Plotly, even on
        // pages that load RequireJS (nbconvert's templates, the classic Notebook): no AMD dependency.
        new Function('define', 'module', 'exports', source).call(w);
        w.__resnetcoursePlotlyLoading = false;
    }, function (e) {
        fail(String(e));
    });
})
