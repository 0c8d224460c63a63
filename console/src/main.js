import { createApp } from 'vue';
import TDesign from 'tdesign-vue-next';
import 'tdesign-vue-next/es/style/index.css';
import App from './App.vue';
import { router } from './router.js';
import { setClientHooks } from './api/client.js';
import { MessagePlugin } from 'tdesign-vue-next';

setClientHooks({
  onUnauthorized: () => {
    MessagePlugin.warning('登录已过期，请重新登录；已填写的内容已保留');
    router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
  },
  onNetworkLost: () => MessagePlugin.error('网络连接中断，请检查网络后重试'),
});

createApp(App).use(TDesign).use(router).mount('#app');
