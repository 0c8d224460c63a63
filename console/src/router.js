import { createRouter, createWebHistory } from 'vue-router';
import { session } from './api/session.js';
import Layout from './layout/ConsoleLayout.vue';
import LoginPage from './pages/login/LoginPage.vue';

// Pages load on demand: the login page's bundle carries neither ECharts nor the heavy pages.
export const PAGES = [
  { path: 'dashboard', name: 'dashboard', title: '数据看板', icon: 'chart-bar', min: 'station', component: () => import('./pages/dashboard/DashboardPage.vue') },
  { path: 'stations', name: 'stations', title: '服务站', icon: 'location', min: 'station', component: () => import('./pages/stations/StationsPage.vue') },
  { path: 'reviews', name: 'reviews', title: '审核', icon: 'task-checked', min: 'station', component: () => import('./pages/reviews/ReviewsPage.vue') },
  { path: 'surveys', name: 'surveys', title: '问卷调查', icon: 'form', min: 'station', component: () => import('./pages/surveys/SurveysPage.vue') },
  { path: 'quizzes', name: 'quizzes', title: '知识竞答', icon: 'help-circle', min: 'station', component: () => import('./pages/quizzes/QuizzesPage.vue') },
  { path: 'gifts', name: 'gifts', title: '礼品兑换', icon: 'gift', min: 'station', component: () => import('./pages/gifts/GiftsPage.vue') },
  { path: 'volunteers', name: 'volunteers', title: '志愿者与时长', icon: 'usergroup', min: 'station', component: () => import('./pages/volunteers/VolunteersPage.vue') },
  { path: 'settlements', name: 'settlements', title: '结算与任务', icon: 'server', min: 'association', component: () => import('./pages/settlements/SettlementsPage.vue') },
];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: '登录' } },
    {
      path: '/',
      component: Layout,
      redirect: '/dashboard',
      children: PAGES.map((p) => ({ path: p.path, name: p.name, component: p.component, meta: { title: p.title, min: p.min } })),
    },
    { path: '/:rest(.*)*', redirect: '/dashboard' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.token()) return { name: 'login', query: { next: to.fullPath } };
  return true;
});
