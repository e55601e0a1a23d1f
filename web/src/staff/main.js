document.getElementById('main').textContent = 'staff page';
