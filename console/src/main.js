import { createApp } from 'vue';
import 'tdesign-vue-next/es/style/index.css';
import {
  Alert,
  Aside,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  Col,
  Content,
  DatePicker,
  Descriptions,
  DescriptionsItem,
  Dialog,
  Drawer,
  Form,
  FormItem,
  Header,
  Input,
  InputNumber,
  Layout,
  Link,
  List,
  ListItem,
  Loading,
  Menu,
  MenuItem,
  Progress,
  RadioButton,
  RadioGroup,
  Row,
  Select,
  Space,
  Statistic,
  TabPanel,
  Table,
  Tabs,
  Tag,
  Textarea,
  Tree,
  MessagePlugin,
} from 'tdesign-vue-next';
import App from './App.vue';

// Only the components the console uses, so the bundle leaves the rest of TDesign out.
const COMPONENTS = [
  Alert,
  Aside,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  Col,
  Content,
  DatePicker,
  Descriptions,
  DescriptionsItem,
  Dialog,
  Drawer,
  Form,
  FormItem,
  Header,
  Input,
  InputNumber,
  Layout,
  Link,
  List,
  ListItem,
  Loading,
  Menu,
  MenuItem,
  Progress,
  RadioButton,
  RadioGroup,
  Row,
  Select,
  Space,
  Statistic,
  TabPanel,
  Table,
  Tabs,
  Tag,
  Textarea,
  Tree,
];
import { router } from './router.js';
import { setClientHooks } from './api/client.js';

setClientHooks({
  onUnauthorized: () => {
    MessagePlugin.warning('登录已过期，请重新登录；已填写的内容已保留');
    router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
  },
  onNetworkLost: () => MessagePlugin.error('网络连接中断，请检查网络后重试'),
});

const app = createApp(App);
for (const component of COMPONENTS) app.use(component);
app.use(router).mount('#app');
