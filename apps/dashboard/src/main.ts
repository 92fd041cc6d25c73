import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';
import './responsive.css';
import './touch.css';
import './print.css';

createApp(App).mount('#app');
