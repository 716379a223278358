/* global document, window, Element, htmx */
// typecast's only page script: loaded from /static (the CSP forbids inline scripts).
'use strict';

// A polling card stops after this many failed polls in a row and says so.
var maxFailedPolls = 3;
// While the web answers that Temporal is unreachable (503), a card keeps polling, ever more
// slowly up to this, and resumes with the first answer.
var maxUnreachableSeconds = 8;

var cards = '.run-card, .batch-card';

function isPollingCard(elt) {
  return elt && elt.matches && elt.matches(cards) && elt.hasAttribute('hx-trigger');
}

/**
 * htmx keeps polling an element for as long as it is in the page, so the card is replaced by
 * a copy without hx-get/hx-trigger, marked with a message a person can act on.
 */
function stopPolling(card, message) {
  var copy = card.cloneNode(true);
  copy.removeAttribute('hx-get');
  copy.removeAttribute('hx-trigger');
  copy.setAttribute('aria-busy', 'false');
  copy.classList.add('lost-contact');
  var note = document.createElement('p');
  note.className = 'lost';
  note.setAttribute('role', 'alert');
  note.textContent = message;
  copy.appendChild(note);
  card.replaceWith(copy);
  htmx.process(copy);
}

/**
 * The web is there but Temporal is not: not a lost card. htmx reads hx-trigger only when it
 * processes an element, so the slower poll is a fresh copy; a good answer replaces it whole.
 */
function onTemporalUnreachable(card) {
  var polls = Number(card.dataset.unreachablePolls || '0') + 1;
  var seconds = Math.min(maxUnreachableSeconds, Math.pow(2, polls));
  var copy = card.cloneNode(true);
  copy.dataset.unreachablePolls = String(polls);
  delete copy.dataset.failedPolls;
  copy.setAttribute('hx-trigger', 'every ' + seconds + 's');
  copy.classList.add('temporal-unreachable');
  var note = copy.querySelector('.unreachable') || document.createElement('p');
  note.className = 'unreachable';
  note.setAttribute('role', 'status');
  note.textContent = 'Temporal is unreachable — retrying.';
  copy.appendChild(note);
  card.replaceWith(copy);
  htmx.process(copy);
}

function onPollFailure(card) {
  var failures = Number(card.dataset.failedPolls || '0') + 1;
  card.dataset.failedPolls = String(failures);
  if (failures >= maxFailedPolls) {
    stopPolling(card, 'Lost contact with the server — reload the page to retry.');
  } else if (/^load\b/.test(card.getAttribute('hx-trigger') || '')) {
    // A batch card asks once per answer (the server waits for news), so a failed request
    // would be its last: a copy asks again a little later.
    var copy = card.cloneNode(true);
    copy.setAttribute('hx-trigger', 'load delay:' + Math.pow(2, failures) + 's');
    card.replaceWith(copy);
    htmx.process(copy);
  }
}

/** True when a field still holds one of the example values: nothing typed would be lost. */
function isExample(text) {
  var buttons = document.querySelectorAll('button.fill');
  for (var i = 0; i < buttons.length; i++) {
    if (buttons[i].getAttribute('data-value') === text) return true;
  }
  return false;
}

/** The form's own status line; the small example forms use the cast form's. */
function showFormStatus(form, text) {
  var status = form.querySelector('.form-status') || document.getElementById('form-status');
  if (status) status.textContent = text;
}

function onRequestError(event) {
  var elt = event.detail.elt;
  if (isPollingCard(elt)) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (event.type === 'htmx:responseError' && status === 503) onTemporalUnreachable(elt);
    else onPollFailure(elt);
    return;
  }
  var xhr = event.detail.xhr;
  var reason =
    event.type === 'htmx:sendError'
      ? 'The server did not answer. Check that typecast is running and try again.'
      : xhr && xhr.responseText
        ? xhr.responseText.replace(/<[^>]*>/g, '')
        : 'The request failed.';
  var within = function (selector) {
    return elt && elt.closest ? elt.closest(selector) : null;
  };
  if (within('.more-runs')) showNote(within('.more-runs'), reason);
  else if (within(cards)) showNote(within(cards), reason);
  else if (within('form')) showFormStatus(within('form'), reason);
}

function showNote(container, text) {
  var note = container.querySelector('.action-error') || document.createElement('p');
  note.className = 'action-error';
  note.setAttribute('role', 'alert');
  note.textContent = text;
  container.appendChild(note);
}

function isInView(elt) {
  var box = elt.getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight;
}

// A new card goes on top of the runs list, which on a phone is far below the form: bring it
// into view, so the person sees what their click started.
document.addEventListener('htmx:afterSwap', function (event) {
  var runs = event.detail.target;
  if (!runs || runs.id !== 'runs') return;
  var card = runs.querySelector('.run-card');
  if (card && !isInView(card)) card.scrollIntoView({ block: 'nearest' });
});

document.addEventListener('htmx:responseError', onRequestError);
document.addEventListener('htmx:sendError', onRequestError);

// A successful poll resets the count (the card is replaced, but a 404/409 swap keeps none).
document.addEventListener('htmx:afterRequest', function (event) {
  var elt = event.detail.elt;
  if (event.detail.successful && elt && elt.dataset) delete elt.dataset.failedPolls;
});

// A refused form comes back with messages next to its fields: take the person to the first
// one (on a phone it is far above the Cast button they just pressed).
document.addEventListener('htmx:afterSettle', function (event) {
  var xhr = event.detail.xhr;
  if (!xhr || xhr.status !== 422) return;
  // Fired on the form htmx swapped in (the cast form or the batch form).
  var form = event.target instanceof Element ? event.target : null;
  if (!form || form.tagName !== 'FORM') return;
  var field = form.querySelector('[aria-invalid="true"]');
  var message = field
    ? document.getElementById(field.id + '-error')
    : form.querySelector('.field-error');
  if (field) field.focus({ preventScroll: true });
  if (message || field) (message || field).scrollIntoView({ block: 'center' });
});

document.addEventListener('click', function (event) {
  var target = event.target instanceof Element ? event.target : null;
  if (!target) return;

  var copy = target.closest('button.copy');
  if (copy) {
    var text = copy.getAttribute('data-copy') || '';
    var label = copy.textContent;
    navigator.clipboard.writeText(text).then(
      function () {
        copy.textContent = 'Copied';
        setTimeout(function () {
          copy.textContent = label;
        }, 1500);
      },
      function () {
        copy.textContent = 'Copy failed: select the text instead';
      },
    );
    return;
  }

  // Example type expressions fill the type field and select "TypeScript type"; what the
  // person typed there is replaced only if they say so.
  var fill = target.closest('button.fill');
  if (fill) {
    var field = document.getElementById(fill.getAttribute('data-fill') || '');
    if (!field) return;
    var value = fill.getAttribute('data-value') || '';
    if (field.value.trim() !== '' && !isExample(field.value) && field.value !== value) {
      if (!window.confirm('Replace what you typed with ' + value + '?')) return;
    }
    field.value = value;
    var kind = field.form && field.form.querySelector('[name="targetKind"][value="type"]');
    if (kind) kind.checked = true;
    field.focus();
  }
});
