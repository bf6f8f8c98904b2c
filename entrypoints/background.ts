import { main } from '@/lib/background';

export default defineBackground({ type: 'module', main });
