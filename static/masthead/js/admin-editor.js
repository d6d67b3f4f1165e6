/*
 * The page editor: Publish (or Save draft, or Submit) never races an autosave.
 *
 * Wagtail's autosave POSTs the form to the create view; the response moves the form to
 * the edit view and fills in the new page's ids (inline panels, revision). A Publish sent
 * while that request was in flight went to the create view a second time with the same
 * slug: Wagtail's form check passed before the autosave committed, then Page.full_clean
 * in add_child raised "slug already in use" (a 500) and the article stayed a draft.
 *
 * So: on submit, stop further autosaves; if one is in flight, hold the submit until it
 * has finished (the form then points at the edit view, with the page's ids) and send it
 * then, with the button that was pressed.
 */
(() => {
  "use strict";
  const form = document.getElementById("page-edit-form");
  if (!form) return;
  let held = false;

  form.addEventListener(
    "submit",
    (event) => {
      const app = window.wagtail && window.wagtail.app;
      const autosave = app && app.getControllerForElementAndIdentifier(form, "w-autosave");
      if (!autosave) return;
      autosave.activeValue = false;
      const pending = autosave.submitPromise;
      if (held || !pending) return;
      held = true;
      event.preventDefault();
      const submitter = event.submitter;
      Promise.resolve(pending)
        .catch(() => {})
        .then(() => {
          if (submitter && submitter.name) {
            const input = document.createElement("input");
            input.type = "hidden";
            input.name = submitter.name;
            input.value = submitter.value;
            form.appendChild(input);
          }
          form.submit();
        });
    },
    true,
  );
})();
