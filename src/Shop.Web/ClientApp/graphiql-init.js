// GraphiQL bootstrap for /graphiql/index.html. Kept out of the HTML so the page needs
// no inline script (the app serves it with a Content-Security-Policy).
//
//   /graphiql/index.html                  -> public API  /graphql        (Bearer token via the Headers tab)
//   /graphiql/index.html?endpoint=admin   -> admin API   /admin/graphql  (admin session cookie)
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var isAdmin = params.get('endpoint') === 'admin';
  var endpoint = isAdmin ? '/admin/graphql' : '/graphql';

  // Always send same-origin cookies (required for the admin cookie on /admin/graphql).
  // GraphiQL merges its own headers (including the Headers tab) into `init`.
  function sameOriginFetch(input, init) {
    return window.fetch(input, Object.assign({}, init, { credentials: 'same-origin' }));
  }

  var fetcher = GraphiQL.createFetcher({ url: endpoint, fetch: sameOriginFetch });

  var publicQuery = [
    '# 1. Run this to sign in; copy the token.',
    '# 2. In the Headers tab below, set',
    '#    {"Authorization": "Bearer <token>"}',
    '# 3. Then run:  { me { id displayName } }',
    'mutation {',
    '  login(input: {provider: "dev", code: "13800000000"}) {',
    '    token',
    '    errors { code message }',
    '  }',
    '}',
    ''
  ].join('\n');

  var adminQuery = [
    '# Admin API (' + endpoint + ').',
    '# Requests carry your admin session cookie:',
    '# sign in to the admin UI in this browser first.',
    '{ __typename }',
    ''
  ].join('\n');

  // Keep the public and admin pages' saved tabs/queries apart in localStorage.
  var storage = null;
  try {
    var ls = window.localStorage;
    var prefix = isAdmin ? 'shop-admin:' : 'shop:';
    storage = {
      getItem: function (key) { return ls.getItem(prefix + key); },
      setItem: function (key, value) { ls.setItem(prefix + key, value); },
      removeItem: function (key) { ls.removeItem(prefix + key); },
      clear: function () {
        var doomed = [];
        for (var i = 0; i < ls.length; i++) {
          var k = ls.key(i);
          if (k && k.indexOf(prefix) === 0) doomed.push(k);
        }
        doomed.forEach(function (k) { ls.removeItem(k); });
      },
      get length() {
        var n = 0;
        for (var i = 0; i < ls.length; i++) {
          var k = ls.key(i);
          if (k && k.indexOf(prefix) === 0) n++;
        }
        return n;
      }
    };
  } catch (e) {
    storage = null; // storage blocked (privacy mode): GraphiQL falls back to in-memory state
  }

  document.title = (isAdmin ? 'Shop Admin' : 'Shop') + ' GraphiQL \u2014 ' + endpoint;

  // Full-viewport layout, set from script because the CSP forbids inline styles.
  document.documentElement.style.height = '100%';
  document.body.style.height = '100%';
  document.body.style.margin = '0';
  document.body.style.overflow = 'hidden';
  var container = document.getElementById('graphiql');
  container.style.height = '100vh';
  container.textContent = '';

  var props = {
    fetcher: fetcher,
    defaultQuery: isAdmin ? adminQuery : publicQuery,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: isAdmin ? true : 'headers',
    // Tokens typed into the Headers tab are not written to localStorage.
    shouldPersistHeaders: false
  };
  if (storage) props.storage = storage;

  ReactDOM.createRoot(container).render(React.createElement(GraphiQL, props));
})();
