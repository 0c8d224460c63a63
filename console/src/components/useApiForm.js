// A form's submit with the API's per-field messages shown next to its fields, and its draft kept
// in sessionStorage so a 401 or a lost connection loses nothing that was typed.
import { reactive, ref, watch } from 'vue';
import { MessagePlugin } from 'tdesign-vue-next';
import { drafts } from '../api/session.js';

export function useApiForm(key, initial) {
  const data = reactive({ ...initial, ...(drafts.load(key) || {}) });
  const errors = ref({});
  const busy = ref(false);
  watch(data, (value) => drafts.save(key, value), { deep: true });

  /** status/tips props for a t-form-item of this field. */
  function field(name) {
    return { name, status: errors.value[name] ? 'error' : undefined, tips: errors.value[name] };
  }

  async function submit(action, { success = '已保存' } = {}) {
    busy.value = true;
    errors.value = {};
    try {
      const result = await action({ ...data });
      drafts.drop(key);
      if (success) MessagePlugin.success(success);
      return result;
    } catch (error) {
      errors.value = error.fields || {};
      if (error.status !== 401 && error.code !== 'network') MessagePlugin.error(error.message);
      throw error;
    } finally {
      busy.value = false;
    }
  }

  function reset(values = initial) {
    for (const k of Object.keys(data)) delete data[k];
    Object.assign(data, values);
    errors.value = {};
    drafts.drop(key);
  }

  return { data, errors, busy, field, submit, reset };
}
