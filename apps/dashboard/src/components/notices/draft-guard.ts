import { onUnmounted, watch } from 'vue';
import { onBeforeRouteChange, type Route } from '../../router';
import { hasUnsavedDraft } from './list-editor';

const keepOnUnload = (e: BeforeUnloadEvent): void => {
  e.preventDefault();
  e.returnValue = ''; // Chromium before 119 (and browsers built on it) asks only when this is set
};

/**
 * An unsaved draft is never dropped silently. A route change (a link, the page's tabs or unit picker, the
 * browser's back/forward) that would drop the editors goes ahead only when the user confirms `question(to)`
 * (`null`: the change keeps them); closing or reloading the browser tab asks too (in the browser's own words),
 * only while some draft is unsaved.
 */
export function useDraftGuard(question: (to: Route) => string | null): void {
  onBeforeRouteChange((to) => {
    const q = hasUnsavedDraft() ? question(to) : null;
    return q === null || window.confirm(q);
  });
  watch(
    hasUnsavedDraft,
    (dirty) => {
      if (dirty) window.addEventListener('beforeunload', keepOnUnload);
      else window.removeEventListener('beforeunload', keepOnUnload);
    },
    { immediate: true },
  );
  onUnmounted(() => window.removeEventListener('beforeunload', keepOnUnload));
}
